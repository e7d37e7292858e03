package io.jporch.core.util;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The line comments of YAML documents, keyed by the JSON pointer of the field they follow: {@code
 * replicas: 4 # kpt-set: ${r}} gives {@code /spec/replicas → "kpt-set: ${r}"}, and {@code envs: #
 * kpt-set: ${env}} before a block sequence gives {@code /envs → "kpt-set: ${env}"}. This is what
 * kyaml keeps as a node's {@code LineComment} and what functions such as apply-setters read; trees
 * of {@link com.fasterxml.jackson.databind.JsonNode} carry no comments, so they travel beside them
 * in these maps and are written back into YAML text with {@link #inject}.
 */
public final class YamlComments {
  private YamlComments() {}

  /** The line comments of every non-empty document of {@code text}, document by document. */
  public static List<Map<String, String>> extract(String text) {
    List<Map<String, String>> docs = new ArrayList<>();
    if (text == null) {
      return docs;
    }
    LoaderOptions options = Json.unlimitedLoader();
    options.setProcessComments(true);
    for (Node node : compose(text, options)) {
      if (node == null || isEmptyDocument(node)) {
        continue;
      }
      Map<String, String> comments = new LinkedHashMap<>();
      if (text.indexOf('#') >= 0) {
        collect(node, "", comments);
      }
      docs.add(comments);
    }
    return docs;
  }

  /** The line comments of the first document (empty when there is none). */
  public static Map<String, String> extractFirst(String text) {
    List<Map<String, String>> all = extract(text);
    return all.isEmpty() ? new LinkedHashMap<>() : all.getFirst();
  }

  /**
   * {@code yaml} (one document in block style, as jporch's writers produce it) with each comment
   * appended to the line of the field its pointer names. Pointers that name no field, a block
   * scalar or a collection that starts a sequence item are skipped.
   */
  public static String inject(String yaml, Map<String, String> comments) {
    if (comments.isEmpty()) {
      return yaml;
    }
    List<Node> nodes = compose(yaml, Json.unlimitedLoader());
    if (nodes.isEmpty() || nodes.getFirst() == null) {
      return yaml;
    }
    Map<Integer, String> at = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    locate(nodes.getFirst(), "", null, comments, yaml, at);
    StringBuilder sb = new StringBuilder(yaml);
    for (var e : at.entrySet()) {
      sb.insert(e.getKey(), " # " + e.getValue());
    }
    return sb.toString();
  }

  /** The text index where a line comment for {@code value} (under {@code key}) belongs, or -1. */
  public static int anchor(Node key, Node value, String text) {
    if (value instanceof ScalarNode s) {
      return switch (s.getScalarStyle()) {
        case PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED -> s.getEndMark().getIndex();
        default -> -1;
      };
    }
    boolean flow =
        (value instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.FLOW)
            || (value instanceof SequenceNode q
                && q.getFlowStyle() == DumperOptions.FlowStyle.FLOW);
    if (flow) {
      return value.getEndMark().getIndex();
    }
    if (key == null) {
      return -1;
    }
    int colon = text.indexOf(':', key.getEndMark().getIndex());
    int nl = text.indexOf('\n', key.getEndMark().getIndex());
    return colon < 0 || (nl >= 0 && colon > nl) ? -1 : colon + 1;
  }

  /** Escapes a map key as one JSON pointer segment. */
  public static String segment(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static void locate(
      Node node,
      String pointer,
      Node key,
      Map<String, String> comments,
      String text,
      Map<Integer, String> at) {
    String comment = comments.get(pointer);
    if (comment != null && !pointer.isEmpty()) {
      int index = anchor(key, node, text);
      if (index >= 0 && restOfLineIsBlank(text, index)) {
        at.merge(index, comment, (a, b) -> a);
      }
    }
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          locate(t.getValueNode(), pointer + "/" + segment(k.getValue()), k, comments, text, at);
        }
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        locate(seq.getValue().get(i), pointer + "/" + i, null, comments, text, at);
      }
    }
  }

  private static boolean restOfLineIsBlank(String text, int index) {
    for (int i = index; i < text.length() && text.charAt(i) != '\n'; i++) {
      if (text.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  private static void collect(Node node, String pointer, Map<String, String> out) {
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          continue;
        }
        String child = pointer + "/" + segment(k.getValue());
        String comment = inline(t.getValueNode());
        if (comment == null) {
          comment = inline(k);
        }
        if (comment != null) {
          out.put(child, comment);
        }
        collect(t.getValueNode(), child, out);
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        Node item = seq.getValue().get(i);
        String child = pointer + "/" + i;
        String comment = inline(item);
        if (comment != null && (item instanceof ScalarNode || isFlow(item))) {
          out.put(child, comment);
        }
        collect(item, child, out);
      }
    }
  }

  private static boolean isFlow(Node node) {
    return (node instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.FLOW)
        || (node instanceof SequenceNode q && q.getFlowStyle() == DumperOptions.FlowStyle.FLOW);
  }

  private static String inline(Node node) {
    List<CommentLine> lines = node.getInLineComments();
    if (lines == null || lines.isEmpty()) {
      return null;
    }
    String value = lines.getFirst().getValue();
    String trimmed = value == null ? "" : value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static List<Node> compose(String text, LoaderOptions options) {
    var yaml =
        new org.yaml.snakeyaml.Yaml(
            new org.yaml.snakeyaml.constructor.SafeConstructor(options),
            new org.yaml.snakeyaml.representer.Representer(new DumperOptions()),
            new DumperOptions(),
            options);
    List<Node> nodes = new ArrayList<>();
    for (Node n : yaml.composeAll(new StringReader(text))) {
      nodes.add(n);
    }
    return nodes;
  }

  private static boolean isEmptyDocument(Node node) {
    return node instanceof ScalarNode s
        && s.getValue().isEmpty()
        && s.getTag().getValue().endsWith(":null");
  }
}
