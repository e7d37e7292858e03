package io.jporch.fn.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.jporch.fn.grpc.evaluator.FunctionFailure;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How jporch's function runner tells its clients that a function ran and failed: a gRPC error with
 * Porch's status code and message, whose {@code google.rpc.Status} details hold one {@link
 * FunctionFailure} (exit code, stderr, results). Details travel in the trailers, so they are kept
 * small: stderr is cut to {@value #MAX_STDERR_BYTES} bytes and results larger than {@value
 * #MAX_RESULTS_BYTES} bytes are left out.
 */
public final class FunctionFailures {
  /** The most stderr bytes put into the details. */
  public static final int MAX_STDERR_BYTES = 16 * 1024;

  /** The largest results document put into the details. */
  public static final int MAX_RESULTS_BYTES = 128 * 1024;

  /** What clients accept in trailers: room for the details and the status message. */
  public static final int MAX_METADATA_BYTES = 1024 * 1024;

  private FunctionFailures() {}

  /** A failure with stderr and results cut to the limits. */
  public static FunctionFailure failure(int exitCode, byte[] stderr, byte[] resultsYaml) {
    FunctionFailure.Builder b = FunctionFailure.newBuilder().setExitCode(exitCode);
    if (stderr != null) {
      if (stderr.length > MAX_STDERR_BYTES) {
        b.setStderr(ByteString.copyFrom(stderr, stderr.length - MAX_STDERR_BYTES, MAX_STDERR_BYTES))
            .setStderrTruncated(true);
      } else {
        b.setStderr(ByteString.copyFrom(stderr));
      }
    }
    if (resultsYaml != null && resultsYaml.length <= MAX_RESULTS_BYTES) {
      b.setResults(ByteString.copyFrom(resultsYaml));
    }
    return b.build();
  }

  /** The gRPC error for {@code code} and {@code message} with {@code failure} as its details. */
  public static StatusRuntimeException toException(
      Status.Code code, String message, FunctionFailure failure) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(Any.pack(failure))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** The failure carried by a gRPC error, if it carries one. */
  public static Optional<FunctionFailure> from(Throwable error) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(FunctionFailure.class)) {
        try {
          return Optional.of(detail.unpack(FunctionFailure.class));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The failure's stderr as text, marked when it was cut. */
  public static String stderr(FunctionFailure failure) {
    String text = failure.getStderr().toString(StandardCharsets.UTF_8);
    return failure.getStderrTruncated() ? "[... earlier output cut]\n" + text : text;
  }
}
