package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.jporch.core.util.Json;
import io.jporch.fn.grpc.FunctionFailures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable evaluator running small shell scripts as KRM functions. */
class ExecutableEvaluatorTest {
  static final String IMAGE = "example.com/fns/greet:v1";

  @TempDir Path dir;

  private ExecutableEvaluator evaluator(String script) {
    Path binary = Scripts.write(dir, "fn.sh", script);
    return new ExecutableEvaluator(new ExecConfig(Map.of(IMAGE, binary)), 1024 * 1024);
  }

  private static EvaluationRequest request(String image, Deadline deadline) {
    return new EvaluationRequest(
        image, Scripts.INPUT.getBytes(StandardCharsets.UTF_8), deadline, Context.ROOT);
  }

  private static EvaluationRequest request(String image) {
    return request(image, Deadline.after(30, TimeUnit.SECONDS));
  }

  @Test
  void aScriptReadsTheResourceListOnStdinAndWritesItsOutputOnStdout() throws Exception {
    ExecutableEvaluator exec = evaluator(Scripts.greet("hi") + "echo 'greeted' >&2\n");

    Evaluation out = exec.evaluate(request(IMAGE));

    assertThat(Json.YAML.readTree(out.resourceList()).at("/items/0/data/greeting").asText())
        .isEqualTo("hi");
    assertThat(new String(out.log(), StandardCharsets.UTF_8)).isEqualTo("greeted\n");
  }

  @Test
  void otherImagesAreNotFound() {
    assertThatThrownBy(() -> evaluator("cat\n").evaluate(request("example.com/fns/other:v1")))
        .isInstanceOf(FunctionNotFoundException.class);
    // exact match as in Porch: another tag is another image
    assertThatThrownBy(() -> evaluator("cat\n").evaluate(request("example.com/fns/greet:v2")))
        .isInstanceOf(FunctionNotFoundException.class);
  }

  @Test
  void aFailingScriptIsReportedWithExitCodeStderrAndStructuredResults() throws Exception {
    ExecutableEvaluator exec = evaluator(Scripts.FAIL_WITH_RESULTS);

    EvaluationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EvaluationException.class, () -> exec.evaluate(request(IMAGE)));

    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "failed to evaluate function \""
                + IMAGE
                + "\" with structured results: [greeting must not be hello] and stderr:"
                + " strict-check: 1 error\n");
    assertThat(e.failure().getExitCode()).isEqualTo(3);
    assertThat(FunctionFailures.stderr(e.failure())).isEqualTo("strict-check: 1 error\n");
    var results = Json.YAML.readTree(e.failure().getResults().toByteArray());
    assertThat(results.path("kind").asText()).isEqualTo("ResourceList");
    assertThat(results.has("items")).isFalse();
    assertThat(results.at("/results/0/message").asText()).isEqualTo("greeting must not be hello");
    assertThat(results.at("/results/0/resourceRef/name").asText()).isEqualTo("cm");
    assertThat(results.at("/results/1/severity").asText()).isEqualTo("info");
  }

  @Test
  void aFailingScriptWithoutAResourceListGetsPorchsExecMessage() {
    EvaluationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EvaluationException.class,
            () ->
                evaluator("cat > /dev/null\necho 'no such setter' >&2\nexit 1\n")
                    .evaluate(request(IMAGE)));
    assertThat(e.getMessage())
        .isEqualTo(
            "Failed to execute function \"" + IMAGE + "\": exit status 1 (no such setter\n)");
    assertThat(e.failure().getExitCode()).isEqualTo(1);
    assertThat(e.failure().getResults().isEmpty()).isTrue();
  }

  @Test
  void aBinaryThatCannotStartIsAnInternalErrorNamingTheImage() {
    ExecutableEvaluator exec =
        new ExecutableEvaluator(new ExecConfig(Map.of(IMAGE, dir.resolve("absent"))), 1024);
    assertThatThrownBy(() -> exec.evaluate(request(IMAGE)))
        .isInstanceOfSatisfying(
            EvaluationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
              assertThat(e.getMessage()).startsWith("Failed to execute function \"" + IMAGE + "\"");
              assertThat(e.failure()).isNull();
            });
  }

  @Test
  void outputLargerThanTheMessageLimitIsRefused() {
    Path binary = Scripts.write(dir, "big.sh", "cat > /dev/null\nhead -c 5000 /dev/zero\n");
    ExecutableEvaluator exec = new ExecutableEvaluator(new ExecConfig(Map.of(IMAGE, binary)), 4096);
    assertThatThrownBy(() -> exec.evaluate(request(IMAGE)))
        .isInstanceOfSatisfying(
            EvaluationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getMessage()).contains("larger than the message limit of 4096 bytes");
            });
  }

  @Test
  void aScriptStillRunningAtTheDeadlineIsKilled() throws Exception {
    Path pidFile = dir.resolve("pid");
    ExecutableEvaluator exec = evaluator("echo $$ > '" + pidFile + "'\nexec sleep 600\n");

    assertThatThrownBy(() -> exec.evaluate(request(IMAGE, Deadline.after(3, TimeUnit.SECONDS))))
        .isInstanceOfSatisfying(
            EvaluationException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }
}
