package io.jporch.git.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.PackageRevisionSpec.ReadinessGate;
import io.jporch.core.api.PackageRevisionStatus.Condition;
import io.jporch.core.api.PackageRevisionStatus.GitLock;
import io.jporch.core.api.PackageRevisionStatus.Locator;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a package's root {@code Kptfile} that show in the PackageRevision API object. Port
 * of {@code GetKptfile}/{@code GetUpstreamLock} and the converters in {@code
 * pkg/repository/util.go}.
 *
 * @param labels {@code metadata.labels}, null if none
 * @param annotations {@code metadata.annotations}, null if none
 * @param readinessGates {@code info.readinessGates}, null if none
 * @param conditions {@code status.conditions}, null if none
 * @param upstreamLock {@code upstreamLock} when {@code upstream} and {@code upstreamLock} are both
 *     present and {@code upstream.git} is set; else {@link Locator#EMPTY}
 */
public record KptfileInfo(
    Map<String, String> labels,
    Map<String, String> annotations,
    List<ReadinessGate> readinessGates,
    List<Condition> conditions,
    Locator upstreamLock) {
  private static final Logger log = LoggerFactory.getLogger(KptfileInfo.class);

  /** What a missing or unreadable Kptfile yields. */
  public static final KptfileInfo EMPTY = new KptfileInfo(null, null, null, null, Locator.EMPTY);

  /** Parses Kptfile YAML; an unreadable file yields {@link #EMPTY} (Porch ignores the error). */
  public static KptfileInfo parse(String yaml) {
    try {
      JsonNode root = Json.YAML.readTree(yaml);
      if (root == null || !root.isObject()) {
        return EMPTY;
      }
      JsonNode metadata = root.path("metadata");
      return new KptfileInfo(
          stringMap(metadata.get("labels")),
          stringMap(metadata.get("annotations")),
          readinessGates(root.path("info").get("readinessGates")),
          conditions(root.path("status").get("conditions")),
          upstreamLock(root));
    } catch (IOException e) {
      log.warn("cannot parse Kptfile: {}", e.getMessage());
      return EMPTY;
    }
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      return null;
    }
    Map<String, String> result = new LinkedHashMap<>();
    node.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }

  private static List<ReadinessGate> readinessGates(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      return null;
    }
    List<ReadinessGate> result = new ArrayList<>();
    node.forEach(g -> result.add(new ReadinessGate(text(g, "conditionType"))));
    return List.copyOf(result);
  }

  private static List<Condition> conditions(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      return null;
    }
    List<Condition> result = new ArrayList<>();
    node.forEach(
        c ->
            result.add(
                new Condition(
                    text(c, "type"), text(c, "status"), text(c, "reason"), text(c, "message"))));
    return List.copyOf(result);
  }

  private static Locator upstreamLock(JsonNode root) {
    JsonNode upstream = root.get("upstream");
    JsonNode lock = root.get("upstreamLock");
    if (upstream == null || !upstream.isObject() || lock == null || !lock.isObject()) {
      return Locator.EMPTY;
    }
    if (!upstream.path("git").isObject()) {
      return Locator.EMPTY;
    }
    JsonNode git = lock.get("git");
    String type = text(lock, "type");
    if (git == null || !git.isObject()) {
      return new Locator(type, null);
    }
    return new Locator(
        type,
        new GitLock(
            text(git, "repo"), text(git, "directory"), text(git, "ref"), text(git, "commit")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
