package io.jporch.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

/** YAML manifests and JSON accessors shared by the end-to-end tests. */
final class Manifests {
  static final String NAMESPACE = "default";
  static final String LATEST_LABEL = "kpt.dev/latest-revision";

  private Manifests() {}

  /** A git Repository in namespace default on branch main. */
  static String gitRepository(String name, String url, boolean createBranch) {
    return """
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: %s
          namespace: default
        spec:
          description: jporch e2e repository %s
          type: git
          git:
            repo: %s
            branch: main
        %s"""
        .formatted(name, name, url, createBranch ? "    createBranch: true\n" : "");
  }

  /** A git Repository like {@link #gitRepository} marked {@code deployment: true}. */
  static String deploymentGitRepository(String name, String url) {
    return gitRepository(name, url, false)
        .replace("  type: git\n", "  type: git\n  deployment: true\n");
  }

  /**
   * A git Repository synced every second, for scenarios that push with plain git and then wait for
   * the server to list what they pushed.
   */
  static String fastSyncedGitRepository(String name, String url) {
    return gitRepository(name, url, false) + "  sync:\n    schedule: \"@every 1s\"\n";
  }

  /** A PackageRevision with an init task. */
  static String initPackageRevision(String repository, String packageName, String workspace) {
    return packageRevision(
        repository,
        packageName,
        workspace,
        """
        - type: init
          init:
            description: %s created by the jporch e2e tests
        """
            .formatted(packageName));
  }

  /**
   * A PackageRevision in namespace default whose {@code tasks} list is {@code tasks} (YAML list
   * items, indented by two spaces here).
   */
  static String packageRevision(
      String repository, String packageName, String workspace, String tasks) {
    return """
        apiVersion: porch.kpt.dev/v1alpha1
        kind: PackageRevision
        metadata:
          name: %s
          namespace: default
        spec:
          packageName: %s
          repository: %s
          workspaceName: %s
          tasks:
        %s"""
        .formatted(
            objectName(repository, packageName, workspace),
            packageName,
            repository,
            workspace,
            tasks.indent(2));
  }

  /**
   * A clone task (a YAML list item) from directory {@code directory} at {@code ref} of a Git URL.
   */
  static String gitCloneTask(String repo, String ref, String directory) {
    return """
        - type: clone
          clone:
            upstreamRef:
              type: git
              git:
                repo: %s
                ref: %s
                directory: %s
        """
        .formatted(repo, ref, directory);
  }

  /**
   * The {@code upstream} and {@code upstreamLock} sections of a Kptfile cloned from {@code
   * directory} at tag {@code ref} (commit {@code commit}) of the Git repository {@code url}.
   */
  static String upstreamAndLock(String url, String directory, String ref, String commit) {
    return """
        upstream:
          type: git
          git:
            repo: %s
            directory: %s
            ref: %s
        upstreamLock:
          type: git
          git:
            repo: %s
            directory: %s
            ref: %s
            commit: %s
        """
        .formatted(url, directory, ref, url, directory, ref, commit);
  }

  /** {@code <repository>.<dotted package path>.<workspace>} (Porch's object name). */
  static String objectName(String repository, String packageName, String workspace) {
    return repository + "." + packageName.replace('/', '.') + "." + workspace;
  }

  /** One package revision as seen in a list: the fields the scenarios assert on. */
  record Revision(
      String name,
      String repository,
      String packageName,
      String workspace,
      long revision,
      String lifecycle,
      boolean latest) {

    static Revision published(String repository, String packageName, int revision, boolean latest) {
      String workspace = "v" + revision;
      return new Revision(
          objectName(repository, packageName, workspace),
          repository,
          packageName,
          workspace,
          revision,
          "Published",
          latest);
    }

    static Revision placeholder(String repository, String packageName) {
      return new Revision(
          objectName(repository, packageName, "main"),
          repository,
          packageName,
          "main",
          -1,
          "Published",
          false);
    }

    static Revision draft(String repository, String packageName, String workspace) {
      return new Revision(
          objectName(repository, packageName, workspace),
          repository,
          packageName,
          workspace,
          0,
          "Draft",
          false);
    }

    static Revision of(JsonNode item) {
      JsonNode spec = item.path("spec");
      return new Revision(
          item.path("metadata").path("name").asText(),
          spec.path("repository").asText(),
          spec.path("packageName").asText(),
          spec.path("workspaceName").asText(),
          spec.path("revision").asLong(0),
          spec.path("lifecycle").asText(),
          "true".equals(item.path("metadata").path("labels").path(LATEST_LABEL).asText(null)));
    }
  }

  /** Items of a list response, keyed by object name. */
  static Map<String, Revision> revisions(JsonNode list) {
    Map<String, Revision> result = new TreeMap<>();
    StreamSupport.stream(list.path("items").spliterator(), false)
        .map(Revision::of)
        .forEach(r -> result.put(r.name(), r));
    return result;
  }

  /** Items of a list response for one repository, keyed by object name. */
  static Map<String, Revision> revisions(JsonNode list, String repository) {
    Map<String, Revision> result = new TreeMap<>();
    revisions(list).values().stream()
        .filter(r -> r.repository().equals(repository))
        .forEach(r -> result.put(r.name(), r));
    return result;
  }

  /** Keys a list of expected revisions by name. */
  static Map<String, Revision> byName(Revision... revisions) {
    Map<String, Revision> result = new TreeMap<>();
    for (Revision r : revisions) {
      result.put(r.name(), r);
    }
    return result;
  }
}
