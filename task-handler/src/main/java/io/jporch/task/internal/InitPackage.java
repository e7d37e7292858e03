package io.jporch.task.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code init} task: the files {@code kpt pkg init} writes for a new package (Kptfile,
 * README.md, package-context.yaml), byte for byte. Port of nephio-project/porch {@code
 * pkg/task/init.go} and kptdev/kpt {@code pkg/kptpkg/init.go}.
 */
public final class InitPackage {
  static final String PACKAGE_CONTEXT =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: kptfile.kpt.dev
        annotations:
          config.kubernetes.io/local-config: "true"
      data:
        name: example
      """;

  private InitPackage() {}

  /**
   * The package files, placed below {@code spec.subpackage} when set.
   *
   * @param packageName the package name as given ({@code spec.packageName}, verbatim)
   */
  public static Map<String, String> files(String packageName, Task.InitTaskSpec spec) {
    String dir = spec.subpackage() == null ? "" : trimSlashes(spec.subpackage());
    String prefix = dir.isEmpty() ? "" : dir + "/";
    Map<String, String> files = new LinkedHashMap<>();
    files.put(prefix + Kptfiles.FILE_NAME, kptfile(packageName, spec));
    files.put(prefix + "README.md", readme(packageName, spec.description()));
    files.put(prefix + "package-context.yaml", PACKAGE_CONTEXT);
    return files;
  }

  /** kpt init's Kptfile: compact sequences, {@code info} with site, description, keywords. */
  static String kptfile(String packageName, Task.InitTaskSpec spec) {
    ObjectNode kptfile = JsonNodeFactory.instance.objectNode();
    kptfile.put("apiVersion", Kptfiles.API_VERSION);
    kptfile.put("kind", Kptfiles.KIND);
    ObjectNode metadata = kptfile.putObject("metadata");
    metadata.put("name", packageName);
    metadata.putObject("annotations").put("config.kubernetes.io/local-config", "true");
    ObjectNode info = kptfile.putObject("info");
    putIfNotEmpty(info, "site", spec.site());
    putIfNotEmpty(info, "description", spec.description());
    List<String> keywords = spec.keywords() == null ? List.of() : spec.keywords();
    if (!keywords.isEmpty()) {
      var array = info.putArray("keywords");
      keywords.forEach(array::add);
    }
    return Yaml.write(kptfile, false);
  }

  /** The README kpt generates (Go html/template: name and description are HTML-escaped). */
  static String readme(String name, String description) {
    String n = htmlEscape(name);
    String d = htmlEscape(description == null ? "" : description);
    return "# "
        + n
        + "\n\n## Description\n"
        + d
        + "\n\n## Usage\n\n### Fetch the package\n"
        + "`kpt pkg get REPO_URI[.git]/PKG_PATH[@VERSION] "
        + n
        + "`\nDetails: https://kpt.dev/reference/cli/pkg/get/\n\n### View package content\n"
        + "`kpt pkg tree "
        + n
        + "`\nDetails: https://kpt.dev/reference/cli/pkg/tree/\n\n### Apply the package\n"
        + "```\nkpt live init "
        + n
        + "\nkpt live apply "
        + n
        + " --reconcile-timeout=2m --output=table\n```\n"
        + "Details: https://kpt.dev/reference/cli/live/\n";
  }

  /** Go html/template's escaping of text: {@code " ' & + < >} and NUL. */
  static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\0' -> sb.append('\uFFFD');
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '+' -> sb.append("&#43;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static String trimSlashes(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }
}
