package io.jporch.task.internal.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.task.internal.Kptfiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The package context of a deployment package: every {@code v1} ConfigMap named {@code
 * kptfile.kpt.dev} is removed and {@code package-context.yaml} is written with {@code data.name}
 * (the Kptfile's name) and {@code data.package-path}. Port of kpt's builtin {@code
 * builtins/gen-pkg-context} as Porch runs it when cloning into a deployment repository.
 */
public final class PackageContext {
  /** The generated file. */
  public static final String FILE = "package-context.yaml";

  /** Name of the package context ConfigMap. */
  public static final String NAME = "kptfile.kpt.dev";

  private PackageContext() {}

  /**
   * Returns {@code files} with the package context regenerated.
   *
   * @param packagePath the value of {@code data.package-path} (omitted when empty)
   * @throws IllegalArgumentException if a YAML file cannot be parsed
   */
  public static Map<String, String> generate(Map<String, String> files, String packagePath) {
    String kptfileText = files.get(Kptfiles.FILE_NAME);
    if (kptfileText == null) {
      return files;
    }
    String name = Kptfiles.parse(kptfileText).path("metadata").path("name").asText("");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      String path = e.getKey();
      if (!YamlDocuments.isKrmFile(path) || path.equals(Kptfiles.FILE_NAME)) {
        out.put(path, e.getValue());
        continue;
      }
      List<YamlDocuments.Doc> docs;
      try {
        docs = YamlDocuments.split(e.getValue());
      } catch (IOException ex) {
        throw new IllegalArgumentException(
            "failed to generate deployment context: cannot parse " + path + ": " + ex.getMessage(),
            ex);
      }
      List<String> kept = new ArrayList<>();
      for (YamlDocuments.Doc doc : docs) {
        if (!isContext(doc.tree())) {
          kept.add(doc.text());
        }
      }
      if (kept.size() == docs.size()) {
        out.put(path, e.getValue());
      } else if (!kept.isEmpty()) {
        out.put(path, YamlDocuments.join(kept));
      }
    }
    StringBuilder cm =
        new StringBuilder(
            "apiVersion: v1\n"
                + "kind: ConfigMap\n"
                + "metadata:\n"
                + "  name: "
                + NAME
                + "\n"
                + "  annotations:\n"
                + "    config.kubernetes.io/local-config: \"true\"\n"
                + "data:\n"
                + "  name: "
                + scalar(name)
                + "\n");
    if (packagePath != null && !packagePath.isEmpty()) {
      cm.append("  package-path: ").append(scalar(packagePath));
      cm.append('\n');
    }
    String existing = out.get(FILE);
    out.put(
        FILE,
        existing == null ? cm.toString() : YamlDocuments.join(List.of(existing, cm.toString())));
    return out;
  }

  private static String scalar(String s) {
    boolean plain =
        !s.isEmpty()
            && !io.jporch.core.util.YamlQuoting.notAString(s)
            && s.matches("[A-Za-z0-9][A-Za-z0-9._/-]*");
    return plain ? s : "'" + s.replace("'", "''") + "'";
  }

  private static boolean isContext(JsonNode doc) {
    return doc != null
        && "v1".equals(doc.path("apiVersion").asText())
        && "ConfigMap".equals(doc.path("kind").asText())
        && NAME.equals(doc.path("metadata").path("name").asText());
  }
}
