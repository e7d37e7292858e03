package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MultiEvaluatorTest {
  private static Evaluator knowing(String name, String image) {
    return new Evaluator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Evaluation evaluate(EvaluationRequest request) {
        if (!request.image().equals(image)) {
          throw new FunctionNotFoundException(name + " does not know " + request.image());
        }
        return new Evaluation(name.getBytes(), new byte[0]);
      }
    };
  }

  private static EvaluationRequest request(String image, Deadline deadline) {
    return new EvaluationRequest(image, new byte[0], deadline, Context.ROOT);
  }

  @Test
  void theFirstEvaluatorThatKnowsTheImageAnswersInOrder() {
    MultiEvaluator chain =
        new MultiEvaluator(
            List.of(knowing("a", "x:v1"), knowing("b", "y:v1"), knowing("c", "y:v1")));
    Deadline later = Deadline.after(1, TimeUnit.MINUTES);
    assertThat(new String(chain.evaluate(request("x:v1", later)).resourceList())).isEqualTo("a");
    assertThat(new String(chain.evaluate(request("y:v1", later)).resourceList())).isEqualTo("b");
    assertThatThrownBy(() -> chain.evaluate(request("z:v1", later)))
        .isInstanceOfSatisfying(
            EvaluationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "function image \"z:v1\" is not available in this function runner"
                          + " (evaluators: a,b,c)");
            });
  }

  @Test
  void anExpiredRequestIsNotStarted() {
    MultiEvaluator chain = new MultiEvaluator(List.of(knowing("a", "x:v1")));
    assertThatThrownBy(() -> chain.evaluate(request("x:v1", Deadline.after(0, TimeUnit.SECONDS))))
        .isInstanceOfSatisfying(
            EvaluationException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }
}
