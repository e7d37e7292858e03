package io.jporch.task.internal.tasks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.PackageRevisionStatus.GitLock;
import io.jporch.task.internal.Kptfiles;
import java.util.Map;

/**
 * Points a package's Kptfile at its upstream: {@code upstream} (type git, repo, directory, ref),
 * {@code upstreamLock} (the same plus the commit) and, for clones, {@code metadata.name}. Port of
 * kpt's {@code kptops.UpdateKptfileUpstream}: the repository URL gets a {@code .git} suffix, a
 * leading {@code /} is removed from the directory, and the Kptfile is rewritten canonically.
 */
public final class UpstreamKptfile {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private UpstreamKptfile() {}

  /**
   * Rewrites {@code files}' Kptfile in place.
   *
   * @param name the new {@code metadata.name}, or null to keep it
   * @throws IllegalArgumentException if the Kptfile is missing or invalid
   */
  public static void update(Map<String, String> files, String name, GitLock lock) {
    String text = files.get(Kptfiles.FILE_NAME);
    if (text == null) {
      throw new IllegalArgumentException("package is missing Kptfile");
    }
    ObjectNode kptfile = Kptfiles.parse(text);
    if (name != null) {
      Kptfiles.metadata(kptfile).put("name", name);
    }
    String repo = lock.repo() == null ? "" : lock.repo();
    if (!repo.endsWith(".git")) {
      repo = repo + ".git";
    }
    String directory = lock.directory() == null ? "" : lock.directory();
    if (directory.startsWith("/")) {
      directory = directory.substring(1);
    }
    String ref = lock.ref() == null ? "" : lock.ref();
    ObjectNode upstream = NODES.objectNode();
    upstream.put("type", "git");
    ObjectNode git = upstream.putObject("git");
    git.put("repo", repo);
    git.put("directory", directory);
    git.put("ref", ref);
    JsonCopy.keep(kptfile.path("upstream"), upstream, "updateStrategy");
    kptfile.set("upstream", upstream);
    ObjectNode upstreamLock = NODES.objectNode();
    upstreamLock.put("type", "git");
    ObjectNode gitLock = upstreamLock.putObject("git");
    gitLock.put("repo", repo);
    gitLock.put("directory", directory);
    gitLock.put("ref", ref);
    gitLock.put("commit", lock.commit() == null ? "" : lock.commit());
    kptfile.set("upstreamLock", upstreamLock);
    files.put(Kptfiles.FILE_NAME, Kptfiles.write(kptfile));
  }

  /** Copying single fields between trees. */
  static final class JsonCopy {
    private JsonCopy() {}

    static void keep(com.fasterxml.jackson.databind.JsonNode from, ObjectNode to, String field) {
      if (from.has(field) && !from.get(field).isNull()) {
        to.set(field, from.get(field));
      }
    }
  }
}
