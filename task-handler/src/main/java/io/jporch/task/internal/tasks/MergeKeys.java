package io.jporch.task.internal.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.task.internal.Yaml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds kpt's merge keys to every object of a package: the line comment {@code # kpt-merge:
 * <namespace>/<name>} on the {@code metadata:} key (unless one is there) and the annotation {@code
 * internal.kpt.dev/upstream-identifier: '<group>|<Kind>|<namespace>|<name>'}. Port of kpt's {@code
 * addmergecomment} as Porch applies it after clone and upgrade ({@code ensureMergeKey}), including
 * the Kptfile.
 *
 * <p>The edit is made in the text of each document, so comments and formatting elsewhere survive; a
 * document whose {@code metadata} is not a block mapping is re-serialised first.
 */
public final class MergeKeys {
  private static final Logger log = LoggerFactory.getLogger(MergeKeys.class);

  /** kpt's annotation holding the upstream identity of an object. */
  public static final String UPSTREAM_IDENTIFIER = "internal.kpt.dev/upstream-identifier";

  /** Prefix of the merge comment on the {@code metadata} key. */
  public static final String COMMENT_PREFIX = "kpt-merge:";

  private static final Pattern METADATA_LINE = Pattern.compile("^metadata:[ \\t]*(#(.*))?$");

  private MergeKeys() {}

  /**
   * Returns {@code files} with merge keys added to every YAML object. Best effort, as in Porch: a
   * file that cannot be parsed is left as it is (and logged).
   */
  public static Map<String, String> ensure(Map<String, String> files) {
    Map<String, String> out = new LinkedHashMap<>();
    files.forEach(
        (path, text) -> {
          if (!YamlDocuments.isKrmFile(path)) {
            out.put(path, text);
            return;
          }
          try {
            out.put(path, ensureFile(text));
          } catch (IOException | RuntimeException e) {
            log.info("failed to add merge-key to {}: {}", path, e.getMessage());
            out.put(path, text);
          }
        });
    return out;
  }

  static String ensureFile(String text) throws IOException {
    List<YamlDocuments.Doc> docs = YamlDocuments.split(text);
    List<String> texts = new ArrayList<>();
    boolean changed = false;
    for (YamlDocuments.Doc doc : docs) {
      String edited = ensureDocument(doc.text(), doc.tree());
      changed |= !edited.equals(doc.text());
      texts.add(edited);
    }
    return changed ? YamlDocuments.join(texts) : text;
  }

  /** The document with merge keys, or unchanged when it has no name, namespace or labels. */
  static String ensureDocument(String text, JsonNode tree) {
    if (!(tree instanceof ObjectNode object)
        || !(object.get("metadata") instanceof ObjectNode meta)) {
      return text;
    }
    String name = meta.path("name").asText("");
    String namespace = meta.path("namespace").asText("");
    boolean labels = meta.path("labels").isObject() && !meta.path("labels").isEmpty();
    if (name.isEmpty() && namespace.isEmpty() && !labels) {
      return text;
    }
    String edited = edit(text, object, name, namespace);
    if (edited != null) {
      return edited;
    }
    String rewritten = Yaml.write(object, Yaml.isWide(text));
    edited = edit(rewritten, object, name, namespace);
    return edited != null ? edited : text;
  }

  private static String edit(String text, ObjectNode object, String name, String namespace) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines.removeLast();
    }
    int metaLine = -1;
    Matcher m = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher candidate = METADATA_LINE.matcher(lines.get(i));
      if (candidate.matches()) {
        metaLine = i;
        m = candidate;
        break;
      }
    }
    if (metaLine < 0) {
      return null;
    }
    String comment = m.group(2) == null ? "" : m.group(2).strip();
    if (!comment.contains(COMMENT_PREFIX)) {
      comment = COMMENT_PREFIX + " " + namespace + "/" + name;
      lines.set(metaLine, "metadata: # " + comment);
    }
    String identifier = identifier(object, comment, name, namespace);
    int end = blockEnd(lines, metaLine, 0);
    int childIndent = firstIndent(lines, metaLine + 1, end);
    if (childIndent <= 0) {
      return null;
    }
    Pattern annotationsLine =
        Pattern.compile("^" + " ".repeat(childIndent) + "annotations:[ \\t]*(#.*)?$");
    int annotations = -1;
    for (int i = metaLine + 1; i < end; i++) {
      if (indent(lines.get(i)) == childIndent
          && lines.get(i).substring(childIndent).startsWith("annotations:")) {
        if (!annotationsLine.matcher(lines.get(i)).matches()) {
          return null; // flow-style annotations
        }
        annotations = i;
        break;
      }
    }
    String value = quote(identifier);
    if (annotations < 0) {
      int insertAt = lastContentLine(lines, metaLine, end) + 1;
      lines.add(insertAt, " ".repeat(childIndent) + "annotations:");
      lines.add(insertAt + 1, " ".repeat(childIndent * 2) + UPSTREAM_IDENTIFIER + ": " + value);
    } else {
      int annEnd = blockEnd(lines, annotations, childIndent);
      int entryIndent = firstIndent(lines, annotations + 1, annEnd);
      if (entryIndent <= childIndent) {
        entryIndent = childIndent * 2;
        annEnd = annotations + 1;
      }
      String prefix = " ".repeat(entryIndent) + UPSTREAM_IDENTIFIER + ":";
      int existing = -1;
      for (int i = annotations + 1; i < annEnd; i++) {
        if (lines.get(i).startsWith(prefix)) {
          existing = i;
        }
      }
      String entry = prefix + " " + value;
      if (existing >= 0) {
        int valueEnd = blockEnd(lines, existing, entryIndent);
        for (int i = valueEnd - 1; i > existing; i--) {
          lines.remove(i);
        }
        lines.set(existing, entry);
      } else {
        lines.add(lastContentLine(lines, annotations, annEnd) + 1, entry);
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /** {@code <group>|<Kind>|<namespace or default>|<name>}, from the merge comment if it parses. */
  static String identifier(ObjectNode object, String comment, String name, String namespace) {
    String[] nsAndName = nsAndName(comment);
    String ns = namespace;
    String n = name;
    if (nsAndName != null) {
      ns = nsAndName[0];
      n = nsAndName[1];
    }
    if (ns.isEmpty()) {
      ns = "default";
    }
    return group(object.path("apiVersion").asText(""))
        + "|"
        + object.path("kind").asText("")
        + "|"
        + ns
        + "|"
        + n;
  }

  /** Namespace and name from a {@code kpt-merge: ns/name} comment, or null. */
  public static String[] nsAndName(String comment) {
    if (comment == null) {
      return null;
    }
    String c = comment.strip();
    if (c.startsWith("#")) {
      c = c.substring(1).strip();
    }
    if (!c.startsWith(COMMENT_PREFIX)) {
      return null;
    }
    c = c.substring(COMMENT_PREFIX.length()).strip();
    int slash = c.indexOf('/');
    if (slash < 0) {
      return null;
    }
    return new String[] {c.substring(0, slash), c.substring(slash + 1)};
  }

  /** The API group of an apiVersion ({@code ""} for the core group). */
  public static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** First line after {@code start} whose indentation is at most {@code parentIndent}. */
  private static int blockEnd(List<String> lines, int start, int parentIndent) {
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      if (indent(line) <= parentIndent) {
        return i;
      }
    }
    return lines.size();
  }

  private static int lastContentLine(List<String> lines, int start, int end) {
    int last = start;
    for (int i = start + 1; i < end; i++) {
      if (!lines.get(i).isBlank()) {
        last = i;
      }
    }
    return last;
  }

  private static int firstIndent(List<String> lines, int from, int end) {
    for (int i = from; i < end; i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        return indent(line);
      }
    }
    return -1;
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
