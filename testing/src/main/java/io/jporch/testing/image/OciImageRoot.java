package io.jporch.testing.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OCI image tarball unpacked as a container runtime unpacks it: the layout is read (index →
 * manifest → config and layers) and the layers are unpacked in order into an empty root. Commands
 * then run in a chroot of that root (with /dev and /proc mounted in a private mount namespace, as
 * the image's user), so nothing of the host — its Java, its libraries — is visible. Needs root
 * ({@code unshare}, {@code mount}, {@code chroot}).
 */
public final class OciImageRoot {
  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Result(int code, String output) {}

  private final Path root;
  private final JsonNode config;

  private OciImageRoot(Path root, JsonNode config) {
    this.root = root;
    this.config = config;
  }

  /** Unpacks {@code tarball} under {@code work} (layout/ and root/). */
  public static OciImageRoot unpack(Path tarball, Path work) throws IOException {
    if (!Files.isRegularFile(tarball)) {
      throw new IOException("no image tarball at " + tarball + " (./porch image builds it)");
    }
    Path layout = Files.createDirectories(work.resolve("layout"));
    checked(host(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()), 120));
    if (!Files.exists(layout.resolve("oci-layout"))) {
      throw new IOException(tarball + " is not an OCI image layout (no oci-layout file)");
    }
    JsonNode index = Json.MAPPER.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest =
        Json.MAPPER.readTree(blob(layout, index.at("/manifests/0/digest")).toFile());
    if (!manifest.path("mediaType").asText().equals("application/vnd.oci.image.manifest.v1+json")) {
      throw new IOException("not an OCI image manifest: " + manifest.path("mediaType"));
    }
    JsonNode config = Json.MAPPER.readTree(blob(layout, manifest.at("/config/digest")).toFile());
    Path root = Files.createDirectories(work.resolve("root"));
    for (JsonNode layer : manifest.path("layers")) {
      if (!layer.path("mediaType").asText().endsWith("tar+gzip")) {
        throw new IOException("unexpected layer media type " + layer.path("mediaType"));
      }
      checked(
          host(
              List.of(
                  "tar",
                  "--warning=no-unknown-keyword",
                  "-xzf",
                  blob(layout, layer.path("digest")).toString(),
                  "-C",
                  root.toString(),
                  "--no-same-owner"),
              120));
    }
    return new OciImageRoot(root, config);
  }

  /** The image's root file system. */
  public Path root() {
    return root;
  }

  /** The image configuration (os, architecture, config.User, config.Entrypoint, ...). */
  public JsonNode config() {
    return config;
  }

  /** The image's entrypoint. */
  public List<String> entrypoint() {
    List<String> values = new ArrayList<>();
    config.at("/config/Entrypoint").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The entrypoint followed by {@code arguments}. */
  public List<String> entrypoint(List<String> arguments) {
    List<String> command = new ArrayList<>(entrypoint());
    command.addAll(arguments);
    return command;
  }

  /** Runs {@code command} in the image and waits for it. */
  public Result run(List<String> command, int timeoutSeconds) throws IOException {
    return host(chroot(command), timeoutSeconds);
  }

  /**
   * Starts {@code command} in the image and waits until it prints a line starting with {@code
   * readyLine} (or ends, or {@code timeout} passes: then {@link Running#ready()} is false). Close
   * the answer to end the command and every process it started.
   */
  public Running start(List<String> command, String readyLine, Duration timeout)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(chroot(command)).redirectErrorStream(true).start();
    Running running = new Running(process, readyLine);
    running.awaitReady(timeout);
    return running;
  }

  /** A command running in the image; its output is collected line by line. */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean ready;

    private Running(Process process, String readyLine) {
      this.process = process;
      this.reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (BufferedReader lines =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = lines.readLine()) != null) {
                        output.append(line).append('\n');
                        if (line.startsWith(readyLine)) {
                          ready = true;
                          started.countDown();
                        }
                      }
                    } catch (IOException e) {
                      // the process ended
                    } finally {
                      started.countDown(); // also when the command ends without the line
                    }
                  });
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
      started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the command printed its ready line and still runs. */
    public boolean ready() {
      return ready && process.isAlive();
    }

    /** What the command has printed so far. */
    public String output() {
      return output.toString();
    }

    /**
     * Ends the command and the processes it started: the command runs as the image's user, and
     * changing the user clears {@code unshare --kill-child}'s death signal, so ending {@code
     * unshare} alone would leave the command running.
     */
    @Override
    public void close() throws InterruptedException {
      List<ProcessHandle> children = process.descendants().toList();
      children.forEach(ProcessHandle::destroy);
      process.destroy();
      for (ProcessHandle child : children) {
        try {
          child.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          child.destroyForcibly();
        }
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      reader.join(Duration.ofSeconds(10));
    }
  }

  /**
   * {@code command} inside the image's root: a private mount namespace (so the mounts vanish with
   * the process) in which the root is a mount point of its own (as a container's root file system
   * is: the JDK looks paths' file stores up in /proc/self/mounts) with /dev and /proc, then chroot
   * as the image's user.
   */
  private List<String> chroot(List<String> command) {
    String user = config.at("/config/User").asText("0:0");
    StringBuilder script =
        new StringBuilder(
            "set -e; mount --bind \"$0\" \"$0\"; mkdir -p \"$0/dev\" \"$0/proc\";"
                + " mount --rbind /dev \"$0/dev\";"
                + " mount -t proc proc \"$0/proc\"; exec chroot --userspec="
                + user
                + " \"$0\"");
    for (int i = 0; i < command.size(); i++) {
      script.append(" \"${").append(i + 1).append("}\"");
    }
    List<String> full =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "--kill-child",
                "--fork",
                "sh",
                "-c",
                script.toString(),
                root.toString()));
    full.addAll(command);
    return full;
  }

  private static Result host(List<String> command, int timeoutSeconds) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted: " + command, e);
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void checked(Result result) throws IOException {
    if (result.code() != 0) {
      throw new IOException("tar failed (" + result.code() + "): " + result.output());
    }
  }

  private static Path blob(Path layout, JsonNode digest) throws IOException {
    String[] parts = digest.asText().split(":", 2);
    if (parts.length != 2) {
      throw new IOException("bad digest " + digest);
    }
    return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }
}
