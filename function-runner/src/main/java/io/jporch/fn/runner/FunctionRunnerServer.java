package io.jporch.fn.runner;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function runner: a gRPC server with the {@code evaluator.FunctionEvaluator} service over an
 * evaluator chain and the {@code grpc.health.v1.Health} service. Calls run on virtual threads;
 * {@link FunctionRunnerOptions#maxConcurrent()} bounds how many evaluate at once.
 */
public final class FunctionRunnerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FunctionRunnerServer.class);

  private final Server server;
  private final ExecutorService executor;
  private final FunctionRunnerOptions options;

  private FunctionRunnerServer(
      Server server, ExecutorService executor, FunctionRunnerOptions options) {
    this.server = server;
    this.executor = executor;
    this.options = options;
  }

  /** Starts serving {@code evaluator} with {@code options}. */
  public static FunctionRunnerServer start(FunctionRunnerOptions options, Evaluator evaluator) {
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fn-runner-", 0).factory());
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(options.bindAddress(), options.port()))
            .executor(executor)
            .maxInboundMessageSize(options.maxMessageBytes())
            .addService(
                new FunctionEvaluatorService(
                    evaluator, options.maxConcurrent(), options.maxEvaluationTime()))
            .addService(new HealthService())
            .build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(
          "cannot listen on " + options.bindAddress() + ":" + options.port(), e);
    }
    log.info(
        "function runner listening on {}:{} (evaluators: {}, {} concurrent evaluations)",
        options.bindAddress(),
        server.getPort(),
        evaluator.name(),
        options.maxConcurrent());
    return new FunctionRunnerServer(server, executor, options);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** {@code host:port} for clients. */
  public String address() {
    String host = options.bindAddress();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Stops accepting calls, lets running ones finish for a few seconds, then stops. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    executor.shutdownNow();
  }

  /** Waits until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }
}
