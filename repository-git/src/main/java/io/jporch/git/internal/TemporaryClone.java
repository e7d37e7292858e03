package io.jporch.git.internal;

import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.PorchException;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.core.repository.RemoteCredentials;
import io.jporch.git.GitOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway bare clone used to read one package of an unregistered repository (Porch's {@code
 * clone-git-package-*} directory). The directory is deleted when the read ends.
 */
public final class TemporaryClone {
  private static final Logger log = LoggerFactory.getLogger(TemporaryClone.class);
  private static final List<RefSpec> FETCH =
      List.of(
          new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
          new RefSpec("+refs/tags/*:refs/tags/*"));

  private TemporaryClone() {}

  /** Files of the package (relative to its directory), the trimmed directory and the commit. */
  public record Package(Map<String, String> files, String directory, String commit) {}

  /** Fetches {@code url} into a temporary clone and reads the package at {@code ref}. */
  public static Package readPackage(
      RequestContext ctx,
      Path tempRoot,
      GitOptions options,
      CredentialResolver credentials,
      Repository spec,
      String url,
      String ref,
      String directory) {
    String path = trim(directory == null ? "" : directory);
    Path dir = null;
    try {
      Files.createDirectories(tempRoot);
      dir = Files.createTempDirectory(tempRoot, "clone-git-package-");
      try (org.eclipse.jgit.lib.Repository db =
          new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
        db.create(true);
        StoredConfig config = db.getConfig();
        config.setString("remote", RefNames.ORIGIN, "url", url);
        // The clone is deleted right after the read: no background repacking racing with that.
        config.setBoolean("gc", null, "autoDetach", false);
        config.setInt("gc", null, "auto", 0);
        config.save();
        fetch(ctx, db, options, new RemoteAuth(credentials, spec), url);
        return read(db, url, ref, path);
      }
    } catch (PorchException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InternalErrorException(
          null,
          "cannot clone Git repository: "
              + Urls.redactedMessage(String.valueOf(e.getMessage()), url),
          e);
    } finally {
      if (dir != null) {
        deleteRecursively(dir);
      }
    }
  }

  private static void fetch(
      RequestContext ctx,
      org.eclipse.jgit.lib.Repository db,
      GitOptions options,
      RemoteAuth auth,
      String url)
      throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < options.retryAttempts(); attempt++) {
      RemoteCredentials credentials = auth.resolve(ctx);
      try (Transport transport = Transport.open(db, new URIish(url))) {
        transport.setTimeout((int) Math.max(1, options.transportTimeout().toSeconds()));
        auth.configure(transport, credentials);
        transport.fetch(NullProgressMonitor.INSTANCE, FETCH);
        return;
      } catch (TransportException e) {
        if (RemoteAuth.isAuthFailure(e)) {
          throw RemoteAuth.refused(url, credentials, e);
        }
        last = e;
        log.info(
            "fetch of {} failed (attempt {}): {}", Urls.redacted(url), attempt + 1, e.getMessage());
      } catch (URISyntaxException e) {
        throw new InternalErrorException(
            null, "cannot clone Git repository: invalid URL " + Urls.redacted(url), e);
      }
    }
    throw new ServiceUnavailableException(
        (io.jporch.core.error.ResourceRef) null,
        "cannot clone Git repository: cannot fetch "
            + Urls.redacted(url)
            + ": "
            + Urls.redactedMessage(String.valueOf(last.getMessage()), url),
        GitErrors.detached(last));
  }

  private static Package read(
      org.eclipse.jgit.lib.Repository db, String url, String ref, String path) throws IOException {
    List<String> candidates = new ArrayList<>();
    if (!path.isEmpty()) {
      candidates.add("refs/tags/" + path + "/" + ref);
      candidates.add("refs/remotes/origin/" + path + "/" + ref);
    }
    candidates.add("refs/tags/" + ref);
    candidates.add("refs/remotes/origin/" + ref);
    candidates.add(ref);
    ObjectId id = null;
    for (String c : candidates) {
      try {
        id = db.resolve(c + "^{commit}");
      } catch (org.eclipse.jgit.errors.RevisionSyntaxException
          | org.eclipse.jgit.errors.AmbiguousObjectException
          | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
        id = null;
      }
      if (id != null) {
        break;
      }
    }
    if (id == null) {
      throw new InternalErrorException(
          null,
          "cannot find package "
              + path
              + "@"
              + ref
              + ": cannot find git reference (tried "
              + candidates
              + ")");
    }
    try (RevWalk walk = new RevWalk(db);
        ObjectReader reader = db.newObjectReader()) {
      RevCommit commit = walk.parseCommit(id);
      Map<String, String> files = new TreeMap<>();
      try (TreeWalk tw = new TreeWalk(reader)) {
        tw.addTree(commit.getTree());
        tw.setRecursive(true);
        String prefix = path.isEmpty() ? "" : path + "/";
        while (tw.next()) {
          String p = tw.getPathString();
          if (!p.startsWith(prefix) || tw.getFileMode(0) == FileMode.GITLINK) {
            continue;
          }
          byte[] bytes = reader.open(tw.getObjectId(0)).getBytes();
          files.put(p.substring(prefix.length()), new String(bytes, StandardCharsets.UTF_8));
        }
      }
      if (files.isEmpty()) {
        throw new InternalErrorException(
            null,
            "cannot find package "
                + path
                + "@"
                + ref
                + ": cannot find package "
                + path
                + "@"
                + ref);
      }
      return new Package(files, path, commit.getId().name());
    }
  }

  private static String trim(String s) {
    String d = s;
    while (d.startsWith("/")) {
      d = d.substring(1);
    }
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete temporary clone {}: {}", dir, e.getMessage());
    }
  }
}
