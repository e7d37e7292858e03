package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.jporch.core.util.Json;
import io.jporch.fn.BuiltinFunctionRuntime;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeEvaluatorTest {
  private final NativeEvaluator evaluator =
      new NativeEvaluator(new BuiltinFunctionRuntime("example.com/fns"), "example.com/fns");

  static EvaluationRequest request(String image, String resourceList) {
    return new EvaluationRequest(
        image,
        resourceList.getBytes(StandardCharsets.UTF_8),
        Deadline.after(30, TimeUnit.SECONDS),
        Context.ROOT);
  }

  @Test
  void anyTagOfAKnownFunctionUnderAKnownPrefixRunsItsNewestImplementation() {
    // images the in-process runtime matches exactly (its tags include :latest) run as they are
    assertThat(evaluator.implementation("set-namespace:latest")).hasValue("set-namespace:latest");
    assertThat(evaluator.implementation("set-namespace:v0.4")).hasValue("set-namespace:v0.4");
    // other tags of a known function run the newest implementation
    assertThat(
            evaluator.implementation("ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.0.7"))
        .hasValueSatisfying(alias -> assertThat(alias).startsWith("set-namespace:"));
    assertThat(evaluator.implementation("gcr.io/kpt-fn/starlark:v0.0.9"))
        .hasValueSatisfying(alias -> assertThat(alias).startsWith("starlark:"));
    assertThat(evaluator.implementation("example.com/fns/apply-replacements:v0.0.3"))
        .hasValueSatisfying(alias -> assertThat(alias).startsWith("apply-replacements:"));
  }

  @Test
  void otherRegistriesDigestsAndUnknownFunctionsAreNotFound() {
    assertThat(evaluator.implementation("quay.io/acme/set-namespace:v0.4")).isEmpty();
    assertThat(evaluator.implementation("set-namespace@sha256:0123abcd")).isEmpty();
    assertThat(evaluator.implementation("ghcr.io/kptdev/krm-functions-catalog/kubeconform:v0.1"))
        .isEmpty();
    assertThatThrownBy(() -> evaluator.evaluate(request("quay.io/acme/fn:v1", Scripts.INPUT)))
        .isInstanceOf(FunctionNotFoundException.class);
  }

  @Test
  void runsTheFunction() throws Exception {
    Evaluation out =
        evaluator.evaluate(
            request("ghcr.io/kptdev/krm-functions-catalog/set-namespace:latest", Scripts.INPUT));
    assertThat(Json.YAML.readTree(out.resourceList()).at("/items/0/metadata/namespace").asText())
        .isEqualTo("after");
  }

  @Test
  void aFailingFunctionIsReportedWithItsMessage() {
    String notAList = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
    assertThatThrownBy(() -> evaluator.evaluate(request("set-namespace:latest", notAList)))
        .isInstanceOfSatisfying(
            EvaluationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
              assertThat(e.getMessage())
                  .contains("set-namespace:latest")
                  .contains("not ResourceList");
              assertThat(e.failure().getExitCode()).isEqualTo(1);
            });
  }

  @Test
  void tagsAreOrderedByTheirNumbers() {
    assertThat(NativeEvaluator.compareTags("v0.4", "v0.4.5")).isNegative();
    assertThat(NativeEvaluator.compareTags("v0.10", "v0.9.9")).isPositive();
    assertThat(NativeEvaluator.compareTags("v1", "v1")).isZero();
  }
}
