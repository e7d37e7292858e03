package io.jporch.fn.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.fn.FunctionExitException;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionRequest;
import io.jporch.fn.grpc.evaluator.EvaluateFunctionResponse;
import io.jporch.fn.grpc.evaluator.FunctionEvaluatorGrpc;
import io.jporch.fn.grpc.evaluator.FunctionFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs KRM functions in a function runner over Porch's evaluator protocol ({@code
 * evaluator.FunctionEvaluator/EvaluateFunction}). Port of Porch's {@code
 * pkg/engine/grpcruntime.go}: like it, this runtime claims every image (the runner decides whether
 * it knows it), so it belongs after the builtin runtime in the chain.
 *
 * <p>Beyond Porch: every evaluation has a deadline (retries included), a call that finds the runner
 * unavailable is retried with doubling back-off, and a function that ran and failed is reported
 * with its exit code, stderr and structured results ({@link FunctionExitException}) when the runner
 * sends them ({@link FunctionFailures}). Porch's own runner sends only a message, which is kept.
 *
 * <p>Calls block the calling thread; render runs on worker threads. Resource contents are never
 * logged.
 */
public final class GrpcFunctionRuntime implements FunctionRuntime, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrpcFunctionRuntime.class);

  private final GrpcRuntimeOptions options;
  private final ManagedChannel channel;
  private final FunctionEvaluatorGrpc.FunctionEvaluatorBlockingStub stub;

  public GrpcFunctionRuntime(GrpcRuntimeOptions options) {
    this.options = options;
    this.channel =
        Grpc.newChannelBuilder(options.address(), InsecureChannelCredentials.create())
            .maxInboundMessageSize(options.maxMessageBytes())
            .maxInboundMetadataSize(FunctionFailures.MAX_METADATA_BYTES)
            .build();
    this.stub =
        FunctionEvaluatorGrpc.newBlockingStub(channel)
            .withMaxOutboundMessageSize(options.maxMessageBytes());
    log.info("function runner at {} (timeout {})", options.address(), options.timeout());
  }

  /** The settings this runtime was made with. */
  public GrpcRuntimeOptions options() {
    return options;
  }

  /** Every image: the function runner decides (as Porch's gRPC runtime does). */
  @Override
  public boolean supports(String image) {
    return image != null && !image.isBlank();
  }

  @Override
  public String run(String image, String resourceListYaml) {
    byte[] input = resourceListYaml.getBytes(StandardCharsets.UTF_8);
    if (input.length > options.maxMessageBytes()) {
      throw new FunctionException(
          "the ResourceList for "
              + image
              + " is "
              + input.length
              + " bytes, more than the function runner's message limit of "
              + options.maxMessageBytes()
              + " bytes");
    }
    EvaluateFunctionRequest request =
        EvaluateFunctionRequest.newBuilder()
            .setImage(image)
            .setResourceList(ByteString.copyFrom(input))
            .build();
    Deadline deadline = Deadline.after(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
    long started = System.nanoTime();
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        EvaluateFunctionResponse response = stub.withDeadline(deadline).evaluateFunction(request);
        log.debug(
            "evaluated {} in the function runner: {} bytes in, {} bytes out, {} ms",
            image,
            input.length,
            response.getResourceList().size(),
            (System.nanoTime() - started) / 1_000_000);
        return response.getResourceList().toString(StandardCharsets.UTF_8);
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean retry =
            code == Status.Code.UNAVAILABLE
                && attempt < options.maxAttempts()
                && deadline.timeRemaining(TimeUnit.NANOSECONDS) > backoff.toNanos();
        if (!retry) {
          throw failure(image, e, attempt);
        }
        log.info(
            "function runner at {} unavailable (attempt {} of {}), retrying in {} ms: {}",
            options.address(),
            attempt,
            options.maxAttempts(),
            backoff.toMillis(),
            e.getStatus().getDescription());
        sleep(backoff);
        backoff = min(backoff.multipliedBy(2), options.maxBackoff());
      }
    }
  }

  private FunctionException failure(String image, StatusRuntimeException e, int attempts) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    Optional<FunctionFailure> details = FunctionFailures.from(e);
    if (details.isPresent()) {
      FunctionFailure f = details.get();
      return new FunctionExitException(
          description,
          f.getExitCode(),
          FunctionFailures.stderr(f),
          f.getResults().isEmpty() ? null : f.getResults().toString(StandardCharsets.UTF_8));
    }
    String where = "function runner at " + options.address();
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          new FunctionException(
              where
                  + " is unavailable ("
                  + attempts
                  + (attempts == 1 ? " attempt" : " attempts")
                  + "): "
                  + description,
              e);
      case DEADLINE_EXCEEDED ->
          new FunctionException(
              where + " did not evaluate " + image + " within " + options.timeout(), e);
      case RESOURCE_EXHAUSTED ->
          new FunctionException(
              where
                  + ": "
                  + description
                  + " (the message limit is "
                  + options.maxMessageBytes()
                  + " bytes)",
              e);
      default -> new FunctionException(where + ": " + status.getCode() + ": " + description, e);
    };
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FunctionException("interrupted while waiting for the function runner", e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Closes the connection to the runner. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
  }
}
