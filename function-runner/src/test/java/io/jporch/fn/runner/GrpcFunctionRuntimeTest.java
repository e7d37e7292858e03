package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.fn.FunctionExitException;
import io.jporch.core.util.Json;
import io.jporch.fn.grpc.GrpcFunctionRuntime;
import io.jporch.fn.grpc.GrpcRuntimeOptions;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionRequest;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionResponse;
import io.jporch.fn.grpc.evaluator.FunctionEvaluatorGrpc;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server's gRPC function runtime against a real function runner and scripted servers. */
class GrpcFunctionRuntimeTest {
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private FunctionRunnerServer runner(ExecConfig exec) {
    FunctionRunnerServer server =
        FunctionRunnerServer.start(
            FunctionRunnerOptions.of(0), FunctionRunnerMain.chain(Set.of(), GHCR, exec, 1 << 20));
    closing.add(server);
    return server;
  }

  private GrpcFunctionRuntime client(GrpcRuntimeOptions options) {
    GrpcFunctionRuntime runtime = new GrpcFunctionRuntime(options);
    closing.add(runtime);
    return runtime;
  }

  @Test
  void runsFunctionsInTheRunnerAndClaimsEveryImage() throws Exception {
    GrpcFunctionRuntime runtime = client(GrpcRuntimeOptions.of(runner(ExecConfig.EMPTY).address()));

    assertThat(runtime.supports("quay.io/anything/at-all:v9")).isTrue();
    String out = runtime.run(GHCR + "set-namespace:v0.2.0", Scripts.INPUT);
    assertThat(Json.YAML.readTree(out).at("/items/0/metadata/namespace").asText())
        .isEqualTo("after");
  }

  @Test
  void aFunctionThatFailedInTheRunnerCarriesExitCodeStderrAndResults() {
    Path binary = Scripts.write(dir, "strict", Scripts.FAIL_WITH_RESULTS);
    String image = "example.com/fns/strict:v1";
    GrpcFunctionRuntime runtime =
        client(
            GrpcRuntimeOptions.of(
                runner(new ExecConfig(java.util.Map.of(image, binary))).address()));

    assertThatThrownBy(() -> runtime.run(image, Scripts.INPUT))
        .isInstanceOfSatisfying(
            FunctionExitException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("failed to evaluate function \"" + image + "\"")
                  .contains("greeting must not be hello");
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.stderr()).isEqualTo("strict-check: 1 error\n");
              assertThat(e.resultsYaml()).contains("greeting must not be hello");
            });
  }

  @Test
  void anImageTheRunnerDoesNotHaveFailsNamingTheImage() {
    FunctionRunnerServer server = runner(ExecConfig.EMPTY);
    GrpcFunctionRuntime runtime = client(GrpcRuntimeOptions.of(server.address()));
    assertThatThrownBy(() -> runtime.run("quay.io/acme/fn:v1", Scripts.INPUT))
        .isInstanceOf(FunctionException.class)
        .isNotInstanceOf(FunctionExitException.class)
        .hasMessageContaining("function runner at " + server.address())
        .hasMessageContaining("NOT_FOUND")
        .hasMessageContaining("\"quay.io/acme/fn:v1\" is not available");
  }

  /** A runner that answers UNAVAILABLE to its first {@code failures} calls, then echoes. */
  private String flakyRunner(int failures, AtomicInteger calls) throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new FunctionEvaluatorGrpc.FunctionEvaluatorImplBase() {
                  @Override
                  public void evaluateFunction(
                      EvaluateFunctionRequest request,
                      StreamObserver<EvaluateFunctionResponse> response) {
                    if (calls.incrementAndGet() <= failures) {
                      response.onError(
                          Status.UNAVAILABLE.withDescription("warming up").asRuntimeException());
                      return;
                    }
                    response.onNext(
                        EvaluateFunctionResponse.newBuilder()
                            .setResourceList(request.getResourceList())
                            .build());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    closing.add(server::shutdownNow);
    return "127.0.0.1:" + server.getPort();
  }

  @Test
  void unavailableRunnersAreRetriedWithBackOff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String address = flakyRunner(2, calls);
    GrpcFunctionRuntime runtime =
        client(
            GrpcRuntimeOptions.of(address)
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));

    assertThat(runtime.run("fn:v1", Scripts.INPUT)).isEqualTo(Scripts.INPUT);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void retriesStopAfterTheLastAttempt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String address = flakyRunner(100, calls);
    GrpcFunctionRuntime runtime =
        client(
            GrpcRuntimeOptions.of(address)
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));

    assertThatThrownBy(() -> runtime.run("fn:v1", Scripts.INPUT))
        .hasMessageContaining("function runner at " + address + " is unavailable (3 attempts)")
        .hasMessageContaining("warming up");
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void aRunnerThatIsNotThereIsReportedAsUnavailable() throws Exception {
    FunctionRunnerServer gone = runner(ExecConfig.EMPTY);
    String address = gone.address();
    gone.close();
    GrpcFunctionRuntime runtime =
        client(
            GrpcRuntimeOptions.of(address)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)));
    assertThatThrownBy(() -> runtime.run("fn:v1", Scripts.INPUT))
        .hasMessageContaining("function runner at " + address + " is unavailable (2 attempts)");
  }

  @Test
  void anEvaluationThatTakesLongerThanTheTimeoutFails() throws Exception {
    Path binary =
        Scripts.write(dir, "slow", "touch '" + dir.resolve("ran") + "'\nexec sleep 600\n");
    String image = "example.com/fns/slow:v1";
    FunctionRunnerServer server = runner(new ExecConfig(java.util.Map.of(image, binary)));
    GrpcFunctionRuntime runtime =
        client(GrpcRuntimeOptions.of(server.address()).withTimeout(Duration.ofSeconds(2)));

    assertThatThrownBy(() -> runtime.run(image, Scripts.INPUT))
        .hasMessageContaining("did not evaluate " + image + " within PT2S");
    assertThat(Files.exists(dir.resolve("ran"))).isTrue();
  }

  @Test
  void aResourceListLargerThanTheMessageLimitIsRefusedBeforeSending() {
    GrpcFunctionRuntime runtime =
        client(GrpcRuntimeOptions.of("127.0.0.1:1").withMaxMessageBytes(100));
    assertThatThrownBy(() -> runtime.run("fn:v1", Scripts.INPUT))
        .hasMessageContaining("more than the function runner's message limit of 100 bytes");
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> GrpcRuntimeOptions.of(""))
        .hasMessage("address is required to instantiate gRPC function runtime");
    assertThatThrownBy(() -> GrpcRuntimeOptions.of("h:1").withMaxMessageBytes(0))
        .hasMessageContaining("message limit must be positive");
    assertThatThrownBy(() -> GrpcRuntimeOptions.of("h:1").withTimeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }
}
