package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.jporch.core.util.Json;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionRequest;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionResponse;
import io.jporch.fn.grpc.evaluator.FunctionEvaluatorGrpc;
import io.jporch.fn.grpc.evaluator.FunctionFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function runner driven by a plain gRPC client built from our evaluator.proto (what Porch's
 * API server, or any other client of Porch's protocol, sends).
 */
class FunctionRunnerServerTest {
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";
  static final String GREET = "example.com/fns/greet:v1";
  static final String STRICT = "example.com/fns/strict:v1";
  static final String HOLD = "example.com/fns/hold:v1";

  @TempDir Path dir;
  private FunctionRunnerServer server;
  private ManagedChannel channel;
  private FunctionEvaluatorGrpc.FunctionEvaluatorBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    Path functions = dir.resolve("functions");
    Scripts.write(functions, "greet", Scripts.greet("from-exec"));
    Scripts.write(functions, "strict", Scripts.FAIL_WITH_RESULTS);
    // holds its slot until the test creates the release file
    Scripts.write(
        functions,
        "hold",
        "cat > /dev/null\ntouch '"
            + dir.resolve("started")
            + "'\nwhile [ ! -f '"
            + dir.resolve("release")
            + "' ]; do sleep 0.05; done\necho 'apiVersion: config.kubernetes.io/v1'\n"
            + "echo 'kind: ResourceList'\necho 'items: []'\n");
    Files.writeString(
        dir.resolve("config.yaml"),
        "functions:\n"
            + "  - function: greet\n    images: ["
            + GREET
            + "]\n  - function: strict\n    images: ["
            + STRICT
            + "]\n  - function: hold\n    images: ["
            + HOLD
            + "]\n");
    ExecConfig exec = ExecConfig.load(dir.resolve("config.yaml"), functions);
    server =
        FunctionRunnerServer.start(
            FunctionRunnerOptions.of(0).withMaxConcurrent(1).withMaxMessageBytes(256 * 1024),
            FunctionRunnerMain.chain(Set.of(), GHCR, exec, 256 * 1024));
    channel = Grpc.newChannelBuilder(server.address(), InsecureChannelCredentials.create()).build();
    stub = FunctionEvaluatorGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    Files.writeString(dir.resolve("release"), "");
    channel.shutdownNow();
    server.close();
  }

  private static EvaluateFunctionRequest request(String image) {
    return EvaluateFunctionRequest.newBuilder()
        .setImage(image)
        .setResourceList(ByteString.copyFromUtf8(Scripts.INPUT))
        .build();
  }

  @Test
  void aJavaNativeFunctionAnswersWithAnyTagUnderTheCataloguePrefix() throws Exception {
    EvaluateFunctionResponse response =
        stub.evaluateFunction(request(GHCR + "set-namespace:latest"));
    var out = Json.YAML.readTree(response.getResourceList().toStringUtf8());
    assertThat(out.at("/items/0/metadata/namespace").asText()).isEqualTo("after");
    assertThat(out.at("/results/0/severity").asText()).isEqualTo("info");
  }

  @Test
  void anExecutableAnswersForItsConfiguredImageWithItsStderrAsLog() throws Exception {
    EvaluateFunctionResponse response = stub.evaluateFunction(request(GREET));
    var out = Json.YAML.readTree(response.getResourceList().toStringUtf8());
    assertThat(out.at("/items/0/data/greeting").asText()).isEqualTo("from-exec");
    assertThat(response.getLog().isEmpty()).isTrue();
  }

  @Test
  void anUnknownImageIsNotFoundNamingTheImage() {
    assertThatThrownBy(() -> stub.evaluateFunction(request("quay.io/acme/fn:v1")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription())
                  .contains("\"quay.io/acme/fn:v1\" is not available in this function runner")
                  .contains("native,exec");
            });
  }

  @Test
  void aMissingImageIsAnInvalidArgument() {
    assertThatThrownBy(() -> stub.evaluateFunction(request("")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("image:");
            });
  }

  @Test
  void aFailedFunctionIsAnInternalErrorWithPorchsMessageAndTheFailureAsDetails() {
    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> stub.evaluateFunction(request(STRICT)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription())
        .startsWith("failed to evaluate function \"" + STRICT + "\" with structured results:");
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details).isNotNull();
    assertThat(details.getDetailsList()).hasSize(1);
    FunctionFailure failure;
    try {
      failure = details.getDetails(0).unpack(FunctionFailure.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
      throw new AssertionError(x);
    }
    assertThat(failure.getExitCode()).isEqualTo(3);
    assertThat(failure.getStderr().toStringUtf8()).isEqualTo("strict-check: 1 error\n");
    assertThat(failure.getResults().toStringUtf8()).contains("greeting must not be hello");
  }

  @Test
  void messagesLargerThanTheLimitAreRefused() {
    String big = Scripts.INPUT + "# " + "x".repeat(300 * 1024) + "\n";
    EvaluateFunctionRequest request =
        EvaluateFunctionRequest.newBuilder()
            .setImage(GREET)
            .setResourceList(ByteString.copyFrom(big, StandardCharsets.UTF_8))
            .build();
    assertThatThrownBy(() -> stub.evaluateFunction(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void evaluationsBeyondTheConcurrencyLimitWaitForASlot() throws Exception {
    var async = FunctionEvaluatorGrpc.newFutureStub(channel);
    var first = async.withDeadlineAfter(60, TimeUnit.SECONDS).evaluateFunction(request(HOLD));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("started")));

    // the only slot is taken: a second call cannot start before its deadline
    assertThatThrownBy(
            () ->
                stub.withDeadlineAfter(1, TimeUnit.SECONDS)
                    .evaluateFunction(request(GHCR + "set-namespace:v0.4")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isIn(Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED));

    Files.writeString(dir.resolve("release"), "");
    assertThat(first.get(60, TimeUnit.SECONDS).getResourceList().toStringUtf8())
        .contains("kind: ResourceList");
    // the slot is free again
    assertThat(stub.evaluateFunction(request(GHCR + "set-namespace:v0.4")).getResourceList())
        .isNotNull();
  }

  @Test
  void theHealthServiceAnswersServingAsPorchsDoes() {
    var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("evaluator.FunctionEvaluator")
                        .build())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    Iterator<HealthCheckResponse> watch = health.watch(HealthCheckRequest.getDefaultInstance());
    assertThat(watch.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(watch.hasNext()).isFalse();
  }

  @Test
  void theEvaluatorChainIsNativeThenExec() {
    MultiEvaluator chain = FunctionRunnerMain.chain(Set.of(), GHCR, ExecConfig.EMPTY, 1024);
    assertThat(chain.evaluators()).extracting(Evaluator::name).containsExactly("native", "exec");
    assertThat(
            FunctionRunnerMain.chain(Set.of("native"), GHCR, ExecConfig.EMPTY, 1024).evaluators())
        .extracting(Evaluator::name)
        .containsExactly("exec");
  }
}
