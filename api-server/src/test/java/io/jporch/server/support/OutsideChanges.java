package io.jporch.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.cache.SyncOptions;
import io.jporch.server.PorchServer;
import io.jporch.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests that change a Git remote outside the server and watch the server follow: a server over
 * real Git with a chosen background sync frequency and the package revision names the server lists
 * and watches (the outside committer is {@link io.jporch.testing.git.OutsideGit}).
 */
public final class OutsideChanges {
  private static final String PRS = Manifests.PORCH + "packagerevisions";

  private OutsideChanges() {}

  /** An in-process server on a free port, data in {@code dir/data}, synced every {@code every}. */
  public static PorchServer start(Path dir, Duration every) {
    ServerConfig config =
        new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, null, Duration.ofSeconds(30));
    return PorchServer.start(
        config,
        new SyncOptions(
            every,
            Duration.ofSeconds(20),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            ZoneOffset.UTC));
  }

  /**
   * Watches package revisions for up to {@code timeoutSeconds}, adding {@code "<TYPE> <name>"} for
   * each event (and {@code "watch ended: ..."} if the watch fails); run it on its own thread.
   */
  public static void collect(ApiClient client, int timeoutSeconds, List<String> events) {
    try (ApiClient.Watch watch =
        client.watch(PRS + "?watch=true&timeoutSeconds=" + timeoutSeconds, null)) {
      for (JsonNode e = watch.next(); e != null; e = watch.next()) {
        events.add(e.path("type").asText() + " " + e.at("/object/metadata/name").asText());
      }
    } catch (RuntimeException e) {
      events.add("watch ended: " + e);
    }
  }

  /** The {@code metadata.name} of each item of a list. */
  public static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }
}
