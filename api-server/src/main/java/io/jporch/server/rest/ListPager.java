package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.ListMeta;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Pagination of lists with {@code limit} and {@code continue}, as kube-apiserver offers it.
 *
 * <p>etcd serves every page of a paginated list from the same revision. jporch has no multi-version
 * store, so the first page of a list that does not fit keeps the complete, ordered result in memory
 * (a snapshot) and hands out an opaque continue token naming it and the position of the next page;
 * later pages are cut from the snapshot, so all pages together are exactly one consistent list at
 * one resourceVersion, whatever changes meanwhile. Snapshots are kept for {@code ttl} after their
 * last use and while their total size stays below {@code maxItems} (least recently used first out);
 * the last page releases its snapshot. A token whose snapshot is gone (expired, evicted, or issued
 * by a previous server process) is answered like a compacted etcd revision: 410 Expired, and the
 * client starts a new list.
 */
public final class ListPager {
  static final int DEFAULT_MAX_ITEMS = 100_000;
  static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  static final String EXPIRED =
      "The provided continue parameter is too old to display a consistent list result. You can"
          + " start a new list without the continue parameter.";
  private static final int TOKEN_FORMAT = 1;

  private final int maxItems;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Snapshot> snapshots = new LinkedHashMap<>(16, 0.75f, true);
  private long heldItems;

  /** The complete, ordered result of a list and the resourceVersion it was taken at. */
  public record Listing<S>(long version, List<S> items) {
    public Listing {
      items = List.copyOf(items);
    }
  }

  /** One page: its items and the list metadata (resourceVersion, continue, remaining count). */
  public record Page<T>(List<T> items, ListMeta meta) {}

  private record Snapshot(String scope, long version, List<?> items, long[] lastUsed) {}

  /** A pager with the default limits (100,000 held items, 5 minutes). */
  public ListPager() {
    this(DEFAULT_MAX_ITEMS, DEFAULT_TTL, System::nanoTime);
  }

  ListPager(int maxItems, Duration ttl, LongSupplier clock) {
    this.maxItems = maxItems;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /**
   * The page of {@code call}'s list. Without a continue token {@code list} is read and, if it has
   * more than {@code limit} items, snapshotted; with one, the page comes from the snapshot and
   * {@code list} is not called. {@code convert} turns each listed item into its API object (empty:
   * the item is skipped, so a page may be shorter than the limit).
   *
   * @param scope what identifies the list: resource, namespace and selectors; a continue token is
   *     only accepted for the same scope
   */
  public <S, T> Page<T> page(
      String scope,
      ListOptions options,
      Supplier<Listing<S>> list,
      Function<S, Optional<T>> convert) {
    if (!options.continueToken().isEmpty()) {
      return next(scope, options, convert);
    }
    Listing<S> listing = list.get();
    List<S> all = listing.items();
    long limit = options.limit();
    if (limit <= 0 || all.size() <= limit) {
      return new Page<>(
          convert(all, 0, all.size(), convert),
          new ListMeta(Long.toString(listing.version()), null, null));
    }
    String id = store(new Snapshot(scope, listing.version(), all, new long[] {clock.getAsLong()}));
    int end = (int) limit;
    return new Page<>(convert(all, 0, end, convert), meta(id, listing.version(), end, all.size()));
  }

  /** The scope of a list request: resource, namespace and both selectors. */
  public static String scope(ApiCall call, ResourceDescriptor resource) {
    return String.join(
        "\n",
        resource.groupVersion(),
        resource.name(),
        nullToEmpty(call.namespace()),
        nullToEmpty(call.query().first("fieldSelector")),
        nullToEmpty(call.query().first("labelSelector")));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Number of snapshots held (diagnostics and tests). */
  int snapshotCount() {
    lock.lock();
    try {
      expire(clock.getAsLong());
      return snapshots.size();
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private <S, T> Page<T> next(String scope, ListOptions options, Function<S, Optional<T>> convert) {
    Token token = Token.parse(options.continueToken());
    Snapshot snapshot;
    lock.lock();
    try {
      long now = clock.getAsLong();
      expire(now);
      snapshot = snapshots.get(token.id());
      if (snapshot != null) {
        snapshot.lastUsed()[0] = now;
      }
    } finally {
      lock.unlock();
    }
    if (snapshot == null || snapshot.version() != token.version()) {
      throw StatusException.expired(EXPIRED);
    }
    if (!snapshot.scope().equals(scope)) {
      throw new BadRequestException(
          null,
          "continue key is not valid: it belongs to another list (the resource, namespace and"
              + " selectors must stay the same across pages)");
    }
    List<S> all = (List<S>) snapshot.items();
    int start = token.start();
    if (start > all.size()) {
      throw new BadRequestException(null, "continue key is not valid: position out of range");
    }
    long limit = options.limit();
    int end = limit <= 0 ? all.size() : (int) Math.min(all.size(), start + limit);
    if (end == all.size()) {
      release(token.id());
      return new Page<>(
          convert(all, start, end, convert),
          new ListMeta(Long.toString(snapshot.version()), null, null));
    }
    return new Page<>(
        convert(all, start, end, convert), meta(token.id(), snapshot.version(), end, all.size()));
  }

  private static <S, T> List<T> convert(
      List<S> items, int from, int to, Function<S, Optional<T>> convert) {
    List<T> result = new ArrayList<>(to - from);
    for (S item : items.subList(from, to)) {
      convert.apply(item).ifPresent(result::add);
    }
    return result;
  }

  private static ListMeta meta(String id, long version, int next, int size) {
    return new ListMeta(
        Long.toString(version), new Token(id, version, next).encode(), (long) (size - next));
  }

  private String store(Snapshot snapshot) {
    String id = UUID.randomUUID().toString();
    lock.lock();
    try {
      expire(clock.getAsLong());
      snapshots.put(id, snapshot);
      heldItems += snapshot.items().size();
      Iterator<Map.Entry<String, Snapshot>> eldest = snapshots.entrySet().iterator();
      while (heldItems > maxItems && snapshots.size() > 1 && eldest.hasNext()) {
        Map.Entry<String, Snapshot> e = eldest.next();
        if (!e.getKey().equals(id)) {
          heldItems -= e.getValue().items().size();
          eldest.remove();
        }
      }
    } finally {
      lock.unlock();
    }
    return id;
  }

  private void release(String id) {
    lock.lock();
    try {
      Snapshot removed = snapshots.remove(id);
      if (removed != null) {
        heldItems -= removed.items().size();
      }
    } finally {
      lock.unlock();
    }
  }

  private void expire(long now) {
    Iterator<Snapshot> it = snapshots.values().iterator();
    while (it.hasNext()) {
      Snapshot s = it.next();
      if (now - s.lastUsed()[0] > ttlNanos) {
        heldItems -= s.items().size();
        it.remove();
      }
    }
  }

  /** The decoded continue token: snapshot id, list resourceVersion and next position. */
  record Token(String id, long version, int start) {
    String encode() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("v", TOKEN_FORMAT);
      node.put("id", id);
      node.put("rv", version);
      node.put("start", start);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Token parse(String text) {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(text));
      } catch (IllegalArgumentException | IOException e) {
        throw invalid("not a continue token of this server");
      }
      if (node == null
          || node.path("v").asInt() != TOKEN_FORMAT
          || !node.path("id").isTextual()
          || !node.path("rv").canConvertToLong()
          || !node.path("start").canConvertToInt()
          || node.path("start").asInt() < 0) {
        throw invalid("not a continue token of this server");
      }
      return new Token(
          node.path("id").asText(), node.path("rv").asLong(), node.path("start").asInt());
    }

    private static BadRequestException invalid(String detail) {
      return new BadRequestException(null, "continue key is not valid: " + detail);
    }
  }
}
