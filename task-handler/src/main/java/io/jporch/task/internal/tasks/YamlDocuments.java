package io.jporch.task.internal.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.task.internal.Yaml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The documents of a multi-document YAML file as text, so that edits to one document keep the
 * others (and their comments) byte for byte.
 */
final class YamlDocuments {
  private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");

  private YamlDocuments() {}

  /** One document: its text (ending with a newline) and its parsed tree (null when empty). */
  record Doc(String text, JsonNode tree) {}

  /** The non-empty documents of {@code text}; comment-only documents are dropped. */
  static List<Doc> split(String text) throws IOException {
    List<Doc> docs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      if (SEPARATOR.matcher(line).matches()) {
        add(docs, current.toString());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    add(docs, current.toString());
    return docs;
  }

  private static void add(List<Doc> docs, String text) throws IOException {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.equals("...")) {
      return;
    }
    List<JsonNode> trees = Yaml.documents(text);
    if (trees.isEmpty()) {
      return;
    }
    String body = text;
    while (body.endsWith("\n\n")) {
      body = body.substring(0, body.length() - 1);
    }
    while (body.startsWith("\n")) {
      body = body.substring(1);
    }
    docs.add(new Doc(body.endsWith("\n") ? body : body + "\n", trees.getFirst()));
  }

  /** Documents joined with {@code ---} lines. */
  static String join(List<String> texts) {
    StringBuilder sb = new StringBuilder();
    for (String t : texts) {
      if (!sb.isEmpty()) {
        sb.append("---\n");
      }
      sb.append(t.endsWith("\n") ? t : t + "\n");
    }
    return sb.toString();
  }

  /** True for the files kpt reads as KRM during clone and update. */
  static boolean isKrmFile(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.equals("Kptfile") || name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
