package io.jporch.testing.git;

import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Git remotes for tests: Porch's fixture repositories unpacked from {@code
 * shared/testdata/porch-git-repos/*.tar} and addressed by {@code file://} URL, plus small JGit
 * helpers to inspect a remote after a test changed it.
 */
public final class GitFixtures {
  private GitFixtures() {}

  /**
   * Unpacks a Porch fixture repository into {@code directory} and returns its {@code file://} URL.
   *
   * @param name archive name without {@code .tar}, e.g. {@code simple-repository}
   */
  public static String porchRepository(String name, Path directory) {
    return porchRepository(name, directory, "main");
  }

  /**
   * Like {@link #porchRepository(String, Path)}, and when {@code branch} is not {@code main} and
   * the fixture has a {@code main} branch, creates {@code branch} at the same commit (what Porch's
   * {@code ServeGitRepositoryWithBranch} does).
   */
  public static String porchRepository(String name, Path directory, String branch) {
    TestData.unpackPorchGitRepo(name, directory);
    Path gitDir = directory.resolve(".git");
    if (!"main".equals(branch)) {
      try (Repository repo = open(gitDir)) {
        Ref main = repo.exactRef("refs/heads/main");
        if (main != null) {
          RefUpdate update = repo.updateRef("refs/heads/" + branch);
          update.setNewObjectId(main.getObjectId());
          update.setExpectedOldObjectId(ObjectId.zeroId());
          RefUpdate.Result result = update.update();
          if (result != RefUpdate.Result.NEW) {
            throw new IllegalStateException("cannot create branch " + branch + ": " + result);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fileUrl(gitDir);
  }

  /** Creates an empty bare repository in {@code directory} and returns its {@code file://} URL. */
  public static String emptyBareRepository(Path directory) {
    try {
      Files.createDirectories(directory);
      try (Repository repo = FileRepositoryBuilder.create(directory.toFile())) {
        repo.create(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fileUrl(directory);
  }

  /** The {@code file://} URL of a Git directory. */
  public static String fileUrl(Path gitDir) {
    return "file://" + gitDir.toAbsolutePath().normalize();
  }

  /** The Git directory behind a {@code file://} URL made by this class. */
  public static Path gitDir(String fileUrl) {
    if (!fileUrl.startsWith("file://")) {
      throw new IllegalArgumentException("not a file:// URL: " + fileUrl);
    }
    return Path.of(fileUrl.substring("file://".length()));
  }

  /** Opens a Git directory with JGit; the caller closes it. */
  public static Repository open(Path gitDir) {
    try {
      return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every ref of the repository (symbolic refs excluded): full name → commit/tag id. */
  public static Map<String, String> refs(Path gitDir) {
    try (Repository repo = open(gitDir)) {
      Map<String, String> result = new TreeMap<>();
      for (Ref ref : repo.getRefDatabase().getRefs()) {
        if (!ref.isSymbolic() && ref.getObjectId() != null) {
          result.put(ref.getName(), ref.getObjectId().name());
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
