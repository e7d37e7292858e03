package io.jporch.fn.runner.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.jporch.core.util.Json;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionRequest;
import io.jporch.fn.grpc.evaluator.FunctionEvaluatorGrpc;
import io.jporch.testing.image.OciImageRoot;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function runner's image tarball ({@code ./porch image}, system property {@code
 * jporch.image.tar}) run as a container runtime would run it ({@link OciImageRoot}): its Java runs
 * {@code --help}, and the runner started from the image's entrypoint answers the gRPC health check
 * and evaluates a function for a plain gRPC client. Run only by the {@code image} Maven profile.
 */
class RunnerImageTarballCheck {
  @TempDir static Path work;
  private static OciImageRoot image;

  @BeforeAll
  static void unpack() throws Exception {
    image =
        OciImageRoot.unpack(
            Path.of(
                System.getProperty("jporch.image.tar", "target/jporch-function-runner-image.tar")),
            work);
  }

  @Test
  void isALinuxAmd64ImageRunningTheRunnerAsNonRoot() {
    assertThat(image.config().path("os").asText()).isEqualTo("linux");
    assertThat(image.config().path("architecture").asText()).isEqualTo("amd64");
    assertThat(image.config().at("/config/User").asText()).isEqualTo("10001:10001");
    assertThat(image.entrypoint()).first().isEqualTo("/opt/java/bin/java");
    assertThat(image.entrypoint()).last().isEqualTo("io.jporch.fn.runner.FunctionRunnerMain");
    assertThat(image.config().at("/config/ExposedPorts").has("9445/tcp")).isTrue();
  }

  @Test
  void helpRunsWithTheImagesJava() throws Exception {
    OciImageRoot.Result help = image.run(image.entrypoint(List.of("--help")), 120);
    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("--port", "--config", "--max-concurrent-evaluations");
  }

  @Test
  void theRunnerServesHealthAndEvaluatesAFunction() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ManagedChannel channel = null;
    try (OciImageRoot.Running runner =
        image.start(
            image.entrypoint(List.of("--bind-address=127.0.0.1", "--port=" + port)),
            "jporch function runner: serving on ",
            Duration.ofSeconds(120))) {
      assertThat(runner.ready())
          .as("the runner in the image starts; its output:\n" + runner.output())
          .isTrue();
      channel =
          Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
      assertThat(
              HealthGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance())
                  .getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      String input =
          "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
              + "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n"
              + "functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
              + "    name: fn\n  data:\n    namespace: in-image\n";
      var response =
          FunctionEvaluatorGrpc.newBlockingStub(channel)
              .withDeadlineAfter(60, TimeUnit.SECONDS)
              .evaluateFunction(
                  EvaluateFunctionRequest.newBuilder()
                      .setImage("ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.1")
                      .setResourceList(ByteString.copyFromUtf8(input))
                      .build());
      var out = Json.YAML.readTree(response.getResourceList().toStringUtf8());
      assertThat(out.at("/items/0/metadata/namespace").asText()).isEqualTo("in-image");
    } finally {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
