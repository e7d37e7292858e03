package io.jporch.testing.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Locates the shared test data and unpacks Git fixture archives.
 *
 * <p>The shared directory is taken from system property {@code jporch.sharedDir} when set;
 * otherwise it is the first {@code shared/} directory (holding {@code testdata/}) found walking up
 * from the working directory, which finds {@code ../shared} beside the Maven root both from the
 * root and from a module directory.
 */
public final class TestData {
  /** System property naming the shared test-data directory. */
  public static final String SHARED_DIR_PROPERTY = "jporch.sharedDir";

  private TestData() {}

  /** Returns the shared test-data directory ({@code .../shared}). */
  public static Path sharedDir() {
    String configured = System.getProperty(SHARED_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path dir = Paths.get(configured).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException(
            SHARED_DIR_PROPERTY + " points to a missing directory: " + dir);
      }
      return dir;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      if (Files.isDirectory(candidate.resolve("testdata"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared test data not found: set -D"
            + SHARED_DIR_PROPERTY
            + " or clone it as ../shared beside the repository");
  }

  /**
   * Returns the archive of one of Porch's Git test repositories.
   *
   * @param name e.g. {@code simple-repository}
   * @return {@code <shared>/testdata/porch-git-repos/<name>.tar}
   */
  public static Path porchGitRepoTar(String name) {
    Path tar = sharedDir().resolve("testdata/porch-git-repos/" + name + ".tar");
    if (!Files.isRegularFile(tar)) {
      throw new IllegalStateException("missing Git fixture archive: " + tar);
    }
    return tar;
  }

  /**
   * Unpacks a tar archive into a directory (created if needed) with the {@code tar} program.
   *
   * @return {@code destination}
   */
  public static Path untar(Path archive, Path destination) {
    try {
      Files.createDirectories(destination);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + destination, e);
    }
    GitProcesses.run(
        destination,
        Duration.ofMinutes(1),
        "tar",
        "-xf",
        archive.toAbsolutePath().toString(),
        "-C",
        destination.toAbsolutePath().toString());
    return destination;
  }

  /**
   * Unpacks one of Porch's Git test repositories; the repository is {@code <destination>/.git}.
   *
   * @param name e.g. {@code simple-repository}
   * @return {@code destination}
   */
  public static Path unpackPorchGitRepo(String name, Path destination) {
    return untar(porchGitRepoTar(name), destination);
  }
}
