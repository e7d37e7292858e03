package io.jporch.git.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.Task;
import io.jporch.core.util.Json;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kpt:} line Porch appends to its commit messages: which package, workspace and revision
 * a commit belongs to and the task that caused it. Port of {@code
 * pkg/externalrepo/git/annotation.go}.
 *
 * @param packagePath full path of the package (repository directory included); empty if absent
 * @param workspace workspace name; empty if absent (old data)
 * @param revision revision as text; empty if absent
 * @param task the task, or null
 */
public record GitAnnotation(String packagePath, String workspace, String revision, Task task) {
  private static final Logger log = LoggerFactory.getLogger(GitAnnotation.class);
  private static final String PREFIX = "kpt:";

  public GitAnnotation {
    packagePath = packagePath == null ? "" : packagePath;
    workspace = workspace == null ? "" : workspace;
    revision = revision == null ? "" : revision;
  }

  /**
   * Appends this annotation to {@code message} exactly as Go Porch does: {@code \n\nkpt:<json>\n},
   * with keys in the order package, workspaceName, revision, task (empty ones omitted) and {@code
   * <}, {@code >}, {@code &} escaped like Go's encoder.
   */
  public String appendTo(String message) {
    return message + "\n\n" + PREFIX + toJson() + "\n";
  }

  String toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    putIfNotEmpty(node, "package", packagePath);
    putIfNotEmpty(node, "workspaceName", workspace);
    putIfNotEmpty(node, "revision", revision);
    if (task != null) {
      node.set("task", Json.MAPPER.valueToTree(task));
    }
    try {
      return goEscape(Json.MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode commit annotation", e);
    }
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Go's json.Marshal escapes HTML characters and line/paragraph separators. */
  private static String goEscape(String json) {
    StringBuilder sb = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> sb.append("\\u003c");
        case '>' -> sb.append("\\u003e");
        case '&' -> sb.append("\\u0026");
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Every annotation in a commit message: each line is trimmed and a line starting with {@code
   * kpt:} is parsed; unparsable lines are skipped with a warning.
   */
  public static List<GitAnnotation> parse(String message) {
    if (message == null || !message.contains(PREFIX)) {
      return List.of();
    }
    List<GitAnnotation> result = new ArrayList<>(1);
    for (String raw : message.split("\n")) {
      String line = raw.strip();
      if (line.startsWith(PREFIX)) {
        GitAnnotation annotation = parseLine(line.substring(PREFIX.length()));
        if (annotation != null) {
          result.add(annotation);
        }
      }
    }
    return result;
  }

  private static GitAnnotation parseLine(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        log.warn("ignoring commit annotation that is not a JSON object: {}", json);
        return null;
      }
      Task task = null;
      JsonNode taskNode = node.get("task");
      if (taskNode != null && taskNode.isObject()) {
        task = Json.MAPPER.treeToValue(taskNode, Task.class);
      }
      return new GitAnnotation(
          text(node, "package"), text(node, "workspaceName"), text(node, "revision"), task);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      log.warn("ignoring unparsable commit annotation {}: {}", json, e.getMessage());
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
