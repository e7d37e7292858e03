package io.jporch.fn.runner;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jporch.fn.grpc.FunctionFailures;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionRequest;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionResponse;
import io.jporch.fn.grpc.evaluator.FunctionEvaluatorGrpc;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluator.FunctionEvaluator} service of the function runner (Porch's {@code
 * func/server}): each call is evaluated by the evaluator chain, at most {@code maxConcurrent} at a
 * time (further calls wait for a slot until their deadline), and within the shorter of the client's
 * deadline and {@code maxEvaluationTime}. Failures keep Porch's status codes and messages; a
 * function that ran and failed adds its exit code, stderr and results as details ({@link
 * FunctionFailures}). Only images, sizes, durations and exit codes are logged.
 */
final class FunctionEvaluatorService extends FunctionEvaluatorGrpc.FunctionEvaluatorImplBase {
  private static final Logger log = LoggerFactory.getLogger(FunctionEvaluatorService.class);

  private final Evaluator evaluator;
  private final Semaphore slots;
  private final int maxConcurrent;
  private final Duration maxEvaluationTime;

  FunctionEvaluatorService(Evaluator evaluator, int maxConcurrent, Duration maxEvaluationTime) {
    this.evaluator = evaluator;
    this.maxConcurrent = maxConcurrent;
    this.slots = new Semaphore(maxConcurrent, true);
    this.maxEvaluationTime = maxEvaluationTime;
  }

  @Override
  public void evaluateFunction(
      EvaluateFunctionRequest request, StreamObserver<EvaluateFunctionResponse> response) {
    try {
      response.onNext(evaluate(request));
      response.onCompleted();
    } catch (EvaluationException e) {
      response.onError(toStatus(e));
    } catch (FunctionNotFoundException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      log.warn("evaluation of {} failed unexpectedly", request.getImage(), e);
      response.onError(
          Status.INTERNAL
              .withDescription("failed to evaluate function \"" + request.getImage() + "\": " + e)
              .asRuntimeException());
    }
  }

  private EvaluateFunctionResponse evaluate(EvaluateFunctionRequest request) {
    String image = request.getImage();
    if (image.isBlank()) {
      throw new EvaluationException(
          Status.Code.INVALID_ARGUMENT, "image: must name the function to evaluate");
    }
    Context context = Context.current();
    Deadline deadline = Deadline.after(maxEvaluationTime.toNanos(), TimeUnit.NANOSECONDS);
    if (context.getDeadline() != null) {
      deadline = deadline.minimum(context.getDeadline());
    }
    long queued = System.nanoTime();
    acquire(image, deadline);
    long started = System.nanoTime();
    try {
      Evaluation out =
          evaluator.evaluate(
              new EvaluationRequest(
                  image, request.getResourceList().toByteArray(), deadline, context));
      log.info(
          "evaluated {}: {} bytes in, {} bytes out, {} ms (waited {} ms for a slot)",
          image,
          request.getResourceList().size(),
          out.resourceList().length,
          (System.nanoTime() - started) / 1_000_000,
          (started - queued) / 1_000_000);
      return EvaluateFunctionResponse.newBuilder()
          .setResourceList(ByteString.copyFrom(out.resourceList()))
          .setLog(ByteString.copyFrom(out.log()))
          .build();
    } finally {
      slots.release();
    }
  }

  private void acquire(String image, Deadline deadline) {
    try {
      if (!slots.tryAcquire(
          Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS)) {
        throw new EvaluationException(
            Status.Code.RESOURCE_EXHAUSTED,
            "no evaluation slot became free for \""
                + image
                + "\" before the deadline ("
                + maxConcurrent
                + " concurrent evaluations at most)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvaluationException(Status.Code.CANCELLED, "interrupted while waiting for a slot");
    }
  }

  private static StatusRuntimeException toStatus(EvaluationException e) {
    if (e.failure() != null) {
      return FunctionFailures.toException(e.code(), e.getMessage(), e.failure());
    }
    return Status.fromCode(e.code()).withDescription(e.getMessage()).asRuntimeException();
  }
}
