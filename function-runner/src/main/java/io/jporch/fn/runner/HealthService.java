package io.jporch.fn.runner;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/**
 * The standard {@code grpc.health.v1.Health} service as Porch's function runner serves it ({@code
 * func/healthchecker}): {@code Check} answers SERVING for any service name, {@code Watch} sends one
 * SERVING and ends, {@code List} is UNIMPLEMENTED (this grpc-java version does not define it).
 */
final class HealthService extends HealthGrpc.HealthImplBase {
  private static final HealthCheckResponse SERVING =
      HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build();

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    response.onNext(SERVING);
    response.onCompleted();
  }

  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    response.onNext(SERVING);
    response.onCompleted();
  }
}
