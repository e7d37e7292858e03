package io.jporch.task.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.task.internal.Yaml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The non-empty documents of a YAML file, as text and as trees. */
record Documents(List<String> texts, List<JsonNode> trees) {
  private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");

  static Documents split(String text) throws IOException {
    List<String> texts = new ArrayList<>();
    List<JsonNode> trees = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      if (SEPARATOR.matcher(line).matches()) {
        add(texts, trees, current.toString());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    add(texts, trees, current.toString());
    return new Documents(texts, trees);
  }

  private static void add(List<String> texts, List<JsonNode> trees, String text)
      throws IOException {
    if (text.isBlank()) {
      return;
    }
    List<JsonNode> parsed = Yaml.documents(text);
    if (parsed.isEmpty()) {
      return;
    }
    String body = text.strip() + "\n";
    int lead = 0;
    while (lead < text.length() && text.charAt(lead) == '\n') {
      lead++;
    }
    // Keep leading indentation of the first line (strip() would drop it).
    body = text.substring(lead).stripTrailing() + "\n";
    texts.add(body);
    trees.add(parsed.getFirst());
  }
}
