package io.jporch.server.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Plain {@code git} (and {@code kpt}) command-line calls used to inspect repositories. */
final class GitCli {
  private GitCli() {}

  /** Runs {@code git <args>} in {@code dir}; fails the test on a non-zero exit. */
  static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    return exec(dir, command);
  }

  /** Runs {@code git --git-dir=<gitDir> <args>}. */
  static String gitDir(Path gitDir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + gitDir));
    command.addAll(List.of(args));
    return exec(gitDir, command);
  }

  /** Runs {@code git --git-dir=<gitDir> <args>} with {@code input} on its standard input. */
  static String gitDirInput(Path gitDir, String input, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + gitDir));
    command.addAll(List.of(args));
    return exec(gitDir, command, input.getBytes(StandardCharsets.UTF_8));
  }

  /** Stages everything in the work tree {@code src} and commits it as the e2e user. */
  static void commitAll(Path src, String message) {
    git(src, "add", "-A");
    git(
        src,
        "-c",
        "user.email=e2e@example.com",
        "-c",
        "user.name=e2e",
        "commit",
        "-q",
        "-m",
        message);
  }

  /** Returns {@code refname -> object id} of every ref in the repository. */
  static Map<String, String> refs(Path gitDir) {
    Map<String, String> refs = new TreeMap<>();
    gitDir(gitDir, "for-each-ref", "--format=%(refname) %(objectname)")
        .lines()
        .filter(l -> !l.isBlank())
        .forEach(
            l -> {
              String[] parts = l.split(" ", 2);
              refs.put(parts[0], parts[1]);
            });
    return refs;
  }

  /**
   * Creates a bare repository {@code <parent>/<name>} whose {@code main} holds one commit with a
   * README.md.
   */
  static Path createSeededBareRepository(Path parent, String name) {
    try {
      Files.createDirectories(parent);
      Path bare = parent.resolve(name);
      git(parent, "init", "--bare", "-q", "-b", "main", bare.toString());
      Path work = Files.createTempDirectory(parent, "seed-");
      git(work, "init", "-q", "-b", "main");
      Files.writeString(work.resolve("README.md"), "# " + name + "\n");
      git(work, "add", "README.md");
      git(work, "commit", "-q", "-m", "Initial commit");
      git(work, "push", "-q", bare.toString(), "main:refs/heads/main");
      return bare;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs an arbitrary command (e.g. kpt) and returns stdout; fails the test on error. */
  static String exec(Path dir, List<String> command) {
    return exec(dir, command, null);
  }

  /**
   * Runs a command with {@code input} (null: none) on its standard input and returns stdout, read
   * as ISO-8859-1 when there is input (byte counts, such as {@code git cat-file --batch} sizes,
   * stay character counts) and as UTF-8 otherwise; fails the test on error.
   */
  static String exec(Path dir, List<String> command, byte[] input) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.put("GIT_AUTHOR_NAME", "jporch-e2e");
    env.put("GIT_AUTHOR_EMAIL", "e2e@jporch.invalid");
    env.put("GIT_COMMITTER_NAME", "jporch-e2e");
    env.put("GIT_COMMITTER_EMAIL", "e2e@jporch.invalid");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    if (input == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    try {
      Process process = builder.start();
      CompletableFuture<String> out =
          read(
              process.getInputStream(),
              input == null ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      CompletableFuture<String> err = read(process.getErrorStream(), StandardCharsets.UTF_8);
      if (input != null) {
        try (var stdin = process.getOutputStream()) {
          stdin.write(input);
        }
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command)
                + " failed with exit code "
                + process.exitValue()
                + "\nstdout: "
                + out.join()
                + "\nstderr: "
                + err.join());
      }
      return out.join();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<String> read(InputStream in, java.nio.charset.Charset charset) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), charset);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        Thread::startVirtualThread);
  }
}
