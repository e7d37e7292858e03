package io.jporch.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.cache.SyncOptions;
import io.jporch.server.PorchServer;
import io.jporch.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For tests that change a Git remote outside the server and watch the server follow: a server over
 * real Git with a chosen background sync frequency, the {@code git} CLI as an outside committer,
 * and the package revision names the server lists and watches.
 */
public final class OutsideChanges {
  private static final String PRS = Manifests.PORCH + "packagerevisions";

  private OutsideChanges() {}

  /** An in-process server on a free port, data in {@code dir/data}, synced every {@code every}. */
  public static PorchServer start(Path dir, Duration every) {
    ServerConfig config =
        new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, null, Duration.ofSeconds(30));
    return PorchServer.start(
        config,
        new SyncOptions(
            every,
            Duration.ofSeconds(20),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            ZoneOffset.UTC));
  }

  /**
   * Watches package revisions for up to {@code timeoutSeconds}, adding {@code "<TYPE> <name>"} for
   * each event (and {@code "watch ended: ..."} if the watch fails); run it on its own thread.
   */
  public static void collect(ApiClient client, int timeoutSeconds, List<String> events) {
    try (ApiClient.Watch watch =
        client.watch(PRS + "?watch=true&timeoutSeconds=" + timeoutSeconds, null)) {
      for (JsonNode e = watch.next(); e != null; e = watch.next()) {
        events.add(e.path("type").asText() + " " + e.at("/object/metadata/name").asText());
      }
    } catch (RuntimeException e) {
      events.add("watch ended: " + e);
    }
  }

  /** The {@code metadata.name} of each item of a list. */
  public static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }

  /**
   * Runs {@code git <args>} in {@code workDir} as an outside committer (no system or global
   * configuration); fails the test on a non-zero exit.
   */
  public static void git(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.environment().put("GIT_AUTHOR_NAME", "Outsider");
    builder.environment().put("GIT_AUTHOR_EMAIL", "outsider@example.com");
    builder.environment().put("GIT_COMMITTER_NAME", "Outsider");
    builder.environment().put("GIT_COMMITTER_EMAIL", "outsider@example.com");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
    }
  }
}
