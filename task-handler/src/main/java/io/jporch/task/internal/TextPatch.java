package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Writes a changed YAML file by editing its original text instead of re-serialising it: only the
 * values that differ between the documents as read and as the pipeline returned them are rewritten,
 * so comments, key order, quoting, blank lines and indentation of everything else stay as they
 * were. kpt reaches a similar result by copying comments back onto function output and re-encoding
 * with yaml.v3; editing the text keeps even the formatting yaml.v3 would normalise.
 *
 * <p>Changed scalars are replaced in place (keeping single or double quotes); keys a function
 * removed are deleted with their lines; new keys and new sequence items are inserted after the last
 * entry of their collection with its indentation; anything else (flow collections, block scalars,
 * reshaped sequences) is replaced as a whole entry. {@link #apply} returns null when the file
 * cannot be edited this way (e.g. documents were added or removed), and the caller re-serialises
 * it.
 */
final class TextPatch {
  private static final LoaderOptions LOADER = loaderOptions();

  private final String text;
  private final boolean wide;
  private final List<Edit> edits = new ArrayList<>();
  private Map<String, String> oldComments = Map.of();
  private Map<String, String> newComments = Map.of();
  private final java.util.Set<String> handled = new java.util.HashSet<>();

  private record Edit(int start, int end, String replacement, int seq) {}

  private TextPatch(String text, boolean wide) {
    this.text = text;
    this.wide = wide;
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    return options;
  }

  /**
   * The original {@code text} edited so that its documents read as {@code after} (pairwise with
   * {@code before}, the documents as parsed from {@code text}), or null if that is not possible.
   */
  static String apply(
      String text, List<? extends JsonNode> before, List<? extends JsonNode> after, boolean wide) {
    return apply(text, before, after, wide, null, null);
  }

  /**
   * As {@link #apply(String, List, List, boolean)}, also turning each document's line comments
   * {@code commentsBefore} (as read from {@code text}) into {@code commentsAfter}: a changed
   * comment is rewritten at the end of its field's line, a removed one deleted, a new one appended;
   * new and replaced entries are written with their comments.
   */
  static String apply(
      String text,
      List<? extends JsonNode> before,
      List<? extends JsonNode> after,
      boolean wide,
      List<Map<String, String>> commentsBefore,
      List<Map<String, String>> commentsAfter) {
    if (text == null || before == null || before.size() != after.size() || hasSurrogates(text)) {
      return null;
    }
    List<Node> nodes = new ArrayList<>();
    try {
      var yaml =
          new org.yaml.snakeyaml.Yaml(
              new org.yaml.snakeyaml.constructor.SafeConstructor(LOADER),
              new org.yaml.snakeyaml.representer.Representer(new DumperOptions()),
              new DumperOptions(),
              LOADER);
      for (Node node : yaml.composeAll(new StringReader(text))) {
        if (node != null && !isEmptyDocument(node)) {
          nodes.add(node);
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    if (nodes.size() != before.size()) {
      return null;
    }
    TextPatch patch = new TextPatch(text, wide);
    for (int i = 0; i < nodes.size(); i++) {
      patch.handled.clear();
      patch.oldComments = comments(commentsBefore, i);
      patch.newComments = comments(commentsAfter, i);
      if (!patch.value(nodes.get(i), before.get(i), after.get(i), "")) {
        return null;
      }
      patch.comments(nodes.get(i));
    }
    return patch.result();
  }

  private static Map<String, String> comments(List<Map<String, String>> all, int i) {
    return all == null || i >= all.size() || all.get(i) == null ? Map.of() : all.get(i);
  }

  /**
   * Rewrites the line comments that differ between {@link #oldComments} and {@link #newComments} on
   * fields that exist in the original text (new and replaced entries carry theirs already).
   */
  private void comments(Node root) {
    java.util.Set<String> pointers = new java.util.TreeSet<>(oldComments.keySet());
    pointers.addAll(newComments.keySet());
    for (String pointer : pointers) {
      String was = oldComments.get(pointer);
      String now = newComments.get(pointer);
      if (java.util.Objects.equals(was, now) || handled.contains(pointer)) {
        continue;
      }
      Node[] entry = locate(root, pointer);
      if (entry == null) {
        continue;
      }
      int anchor = io.jporch.core.util.YamlComments.anchor(entry[0], entry[1], text);
      if (anchor < 0) {
        continue;
      }
      int end = text.indexOf('\n', anchor);
      end = end < 0 ? text.length() : end;
      String rest = text.substring(anchor, end);
      if (!rest.isBlank() && !rest.strip().startsWith("#")) {
        continue;
      }
      edit(anchor, end, now == null ? "" : " # " + now);
    }
  }

  /** The key (null for sequence items) and value node named by {@code pointer}, or null. */
  private static Node[] locate(Node root, String pointer) {
    Node key = null;
    Node node = root;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String segment = raw.replace("~1", "/").replace("~0", "~");
      if (node instanceof MappingNode map) {
        Node found = null;
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment)) {
            key = k;
            found = t.getValueNode();
          }
        }
        if (found == null) {
          return null;
        }
        node = found;
      } else if (node instanceof SequenceNode seq) {
        int i;
        try {
          i = Integer.parseInt(segment);
        } catch (NumberFormatException e) {
          return null;
        }
        if (i < 0 || i >= seq.getValue().size()) {
          return null;
        }
        key = null;
        node = seq.getValue().get(i);
      } else {
        return null;
      }
    }
    return new Node[] {key, node};
  }

  /** The comments below {@code pointer}, re-rooted there. */
  private Map<String, String> commentsUnder(String pointer) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (var e : newComments.entrySet()) {
      if (e.getKey().equals(pointer)) {
        out.put("", e.getValue());
      } else if (e.getKey().startsWith(pointer + "/")) {
        out.put(e.getKey().substring(pointer.length()), e.getValue());
      }
    }
    return out;
  }

  /** Marks every pointer at or below {@code pointer} as written with its entry. */
  private void written(String pointer) {
    for (String p : newComments.keySet()) {
      if (p.equals(pointer) || p.startsWith(pointer + "/")) {
        handled.add(p);
      }
    }
    for (String p : oldComments.keySet()) {
      if (p.equals(pointer) || p.startsWith(pointer + "/")) {
        handled.add(p);
      }
    }
  }

  private static boolean isEmptyDocument(Node node) {
    return node instanceof ScalarNode s
        && s.getValue().isEmpty()
        && s.getTag().getValue().endsWith(":null");
  }

  private static boolean hasSurrogates(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private String result() {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::seq).reversed());
    StringBuilder sb = new StringBuilder(text);
    int limit = Integer.MAX_VALUE;
    for (Edit e : sorted) {
      if (e.end() > limit) {
        return null; // overlapping edits: give up rather than corrupt the file
      }
      sb.replace(e.start(), e.end(), e.replacement());
      limit = e.start();
    }
    return sb.toString();
  }

  private void edit(int start, int end, String replacement) {
    edits.add(new Edit(start, end, replacement, edits.size()));
  }

  /** Edits the text of {@code node} (read as {@code old}) to read as {@code neu}. */
  private boolean value(Node node, JsonNode old, JsonNode neu, String pointer) {
    if (old.equals(neu)) {
      return true;
    }
    if (node instanceof MappingNode map
        && map.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
        && old.isObject()
        && neu.isObject()) {
      return mapping(map, old, neu, pointer);
    }
    if (node instanceof SequenceNode seq
        && seq.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
        && old.isArray()
        && neu.isArray()) {
      return sequence(seq, old, neu, pointer);
    }
    if (node instanceof ScalarNode scalar && neu.isValueNode() && !neu.isNull()) {
      return scalar(scalar, neu);
    }
    return false;
  }

  private boolean mapping(MappingNode map, JsonNode old, JsonNode neu, String pointer) {
    List<NodeTuple> entries = map.getValue();
    if (entries.isEmpty()) {
      return false;
    }
    Map<String, NodeTuple> byKey = new HashMap<>();
    for (NodeTuple t : entries) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        return false;
      }
      if (byKey.put(key.getValue(), t) != null) {
        return false;
      }
    }
    int column = entries.getFirst().getKeyNode().getStartMark().getColumn();
    for (NodeTuple t : entries) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      String child = pointer + "/" + io.jporch.core.util.YamlComments.segment(key);
      JsonNode o = old.get(key);
      JsonNode n = neu.get(key);
      if (o == null) {
        return false;
      }
      if (n == null) {
        if (!deleteEntry(t)) {
          return false;
        }
        written(child);
      } else if (!value(t.getValueNode(), o, n, child) && !replaceEntry(t, key, n, child)) {
        return false;
      }
    }
    List<String> added = new ArrayList<>();
    for (Iterator<String> it = neu.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!byKey.containsKey(key)) {
        added.add(key);
      }
    }
    if (!added.isEmpty()) {
      ObjectNode fields = JsonNodeFactory.instance.objectNode();
      added.forEach(k -> fields.set(k, neu.get(k)));
      int at = lineEnd(lastEnd(entries.getLast().getValueNode()));
      edit(
          at,
          at,
          (at == text.length() && !text.endsWith("\n") ? "\n" : "")
              + block(fields, column, commentsUnder(pointer)));
      for (String k : added) {
        written(pointer + "/" + io.jporch.core.util.YamlComments.segment(k));
      }
    }
    return true;
  }

  private boolean sequence(SequenceNode seq, JsonNode old, JsonNode neu, String pointer) {
    List<Node> items = seq.getValue();
    if (items.isEmpty() || items.size() != old.size() || neu.size() < old.size()) {
      return false;
    }
    for (int i = 0; i < items.size(); i++) {
      if (!value(items.get(i), old.get(i), neu.get(i), pointer + "/" + i)) {
        return false;
      }
    }
    if (neu.size() > old.size()) {
      int dash = dashColumn(seq);
      if (dash < 0) {
        return false;
      }
      var tail = JsonNodeFactory.instance.arrayNode();
      for (int i = old.size(); i < neu.size(); i++) {
        tail.add(neu.get(i));
      }
      int at = lineEnd(lastEnd(items.getLast()));
      Map<String, String> tailComments = new java.util.LinkedHashMap<>();
      for (int i = old.size(); i < neu.size(); i++) {
        String item = pointer + "/" + i;
        String prefix = "/" + (i - old.size());
        commentsUnder(item).forEach((k, v) -> tailComments.put(prefix + k, v));
        written(item);
      }
      String rendered =
          io.jporch.core.util.YamlComments.inject(Yaml.write(tail, false), tailComments);
      edit(
          at,
          at,
          (at == text.length() && !text.endsWith("\n") ? "\n" : "") + indent(rendered, dash));
    }
    return true;
  }

  /** The column of the sequence's {@code -} indicators, or -1 if it cannot be told. */
  private int dashColumn(SequenceNode seq) {
    int start = seq.getStartMark().getIndex();
    if (start < text.length() && text.charAt(start) == '-') {
      return seq.getStartMark().getColumn();
    }
    return -1;
  }

  private boolean scalar(ScalarNode scalar, JsonNode neu) {
    String rendered;
    switch (scalar.getScalarStyle()) {
      case DOUBLE_QUOTED -> {
        if (!neu.isTextual()) {
          return false;
        }
        rendered = doubleQuoted(neu.asText());
      }
      case SINGLE_QUOTED -> {
        if (!neu.isTextual()) {
          return false;
        }
        rendered = "'" + neu.asText().replace("'", "''") + "'";
      }
      case PLAIN -> rendered = plain(neu);
      default -> {
        return false;
      }
    }
    if (rendered == null || rendered.contains("\n")) {
      return false;
    }
    edit(scalar.getStartMark().getIndex(), scalar.getEndMark().getIndex(), rendered);
    return true;
  }

  private static String doubleQuoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A value as the writer would emit it after {@code key: }, or null if not on one line. */
  private static String plain(JsonNode value) {
    ObjectNode holder = JsonNodeFactory.instance.objectNode();
    holder.set("k", value);
    String line = Yaml.write(holder, false);
    if (!line.startsWith("k: ") || line.indexOf('\n') != line.length() - 1) {
      return null;
    }
    return line.substring(3, line.length() - 1);
  }

  /** Deletes a {@code key: value} entry with its lines; false if the key shares its line. */
  private boolean deleteEntry(NodeTuple t) {
    int start = lineStartIfIndented(t.getKeyNode().getStartMark().getIndex());
    if (start < 0) {
      return false;
    }
    edit(start, lineEnd(lastEnd(t.getValueNode())), "");
    return true;
  }

  /** Replaces a whole {@code key: value} entry with a freshly written one. */
  private boolean replaceEntry(NodeTuple t, String key, JsonNode value, String pointer) {
    int keyStart = t.getKeyNode().getStartMark().getIndex();
    int start = lineStartIfIndented(keyStart);
    if (start < 0) {
      return false;
    }
    int end = lineEnd(lastEnd(t.getValueNode()));
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.set(key, value);
    Map<String, String> entryComments = new java.util.LinkedHashMap<>();
    commentsUnder(pointer)
        .forEach(
            (k, v) ->
                entryComments.put("/" + io.jporch.core.util.YamlComments.segment(key) + k, v));
    written(pointer);
    String rendered = block(entry, keyStart - start, entryComments);
    if (end == text.length() && !text.endsWith("\n")) {
      rendered = rendered.substring(0, rendered.length() - 1);
    }
    edit(start, end, rendered);
    return true;
  }

  /** The start of the line holding {@code index} if only spaces precede it there, else -1. */
  private int lineStartIfIndented(int index) {
    int i = index;
    while (i > 0 && text.charAt(i - 1) != '\n') {
      if (text.charAt(i - 1) != ' ') {
        return -1;
      }
      i--;
    }
    return i;
  }

  /** Just after the newline ending the line that holds {@code index} (or the end of the text). */
  private int lineEnd(int index) {
    if (index > 0 && index <= text.length() && text.charAt(index - 1) == '\n') {
      return index;
    }
    int nl = text.indexOf('\n', index);
    return nl < 0 ? text.length() : nl + 1;
  }

  /** Where the last token of a node ends (block collections end at their last leaf). */
  private static int lastEnd(Node node) {
    if (node instanceof MappingNode map
        && map.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
        && !map.getValue().isEmpty()) {
      return lastEnd(map.getValue().getLast().getValueNode());
    }
    if (node instanceof SequenceNode seq
        && seq.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
        && !seq.getValue().isEmpty()) {
      return lastEnd(seq.getValue().getLast());
    }
    return node.getEndMark().getIndex();
  }

  /** {@code fields} as block YAML, every line indented by {@code column} spaces. */
  private String block(ObjectNode fields, int column, Map<String, String> comments) {
    return indent(
        io.jporch.core.util.YamlComments.inject(Yaml.write(fields, wide), comments), column);
  }

  private static String indent(String yaml, int column) {
    String pad = " ".repeat(column);
    StringBuilder sb = new StringBuilder();
    String body = yaml.endsWith("\n") ? yaml.substring(0, yaml.length() - 1) : yaml;
    for (String line : body.split("\n", -1)) {
      sb.append(line.isEmpty() ? "" : pad).append(line).append('\n');
    }
    return sb.toString();
  }
}
