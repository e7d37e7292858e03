package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Which files render reads as KRM resources, and what makes a document a KRM resource. */
final class Resources {
  private Resources() {}

  /** {@code Kptfile}, {@code *.yaml}, {@code *.yml} and {@code *.json} files (kyaml's MatchAll). */
  static boolean isResourceFile(String path) {
    String name = Paths.basename(path);
    return name.equals(Kptfiles.FILE_NAME)
        || name.endsWith(".yaml")
        || name.endsWith(".yml")
        || name.endsWith(".json");
  }

  /**
   * kyaml's kustomization exemption from the KRM check: by file name, by an apiVersion in {@code
   * kustomize.config.k8s.io}, or by kind {@code Kustomization} without an apiVersion.
   */
  static boolean isKustomization(String path, JsonNode doc) {
    if (isKustomization(path)) {
      return true;
    }
    String apiVersion = doc == null ? "" : doc.path("apiVersion").asText("");
    return apiVersion.startsWith("kustomize.config.k8s.io")
        || (apiVersion.isEmpty() && "Kustomization".equals(doc.path("kind").asText("")));
  }

  /** Kustomization files need not be KRM objects. */
  static boolean isKustomization(String path) {
    String name = Paths.basename(path);
    return name.equals("kustomization.yaml")
        || name.equals("kustomization.yml")
        || name.equals("Kustomization");
  }

  /** Null for a KRM object, else kyaml's reason ({@code resource must have `kind`}, ...). */
  static String krmProblem(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      return "resource must be a YAML object";
    }
    if (doc.path("apiVersion").asText("").isEmpty()) {
      return "resource must have `apiVersion`";
    }
    if (doc.path("kind").asText("").isEmpty()) {
      return "resource must have `kind`";
    }
    if (doc.path("metadata").path("name").asText("").isEmpty()) {
      return "resource must have `metadata.name`";
    }
    return null;
  }
}
