package io.jporch.server.rest;

/**
 * A patch that is well-formed but cannot be applied to the current object (a failed JSON Patch
 * {@code test}, a path that does not exist, a strategic merge directive that does not fit). The
 * dispatcher turns it into a 422 Invalid naming the resource, or a 400 when {@code badRequest}.
 */
public final class PatchFailure extends RuntimeException {
  private final boolean badRequest;

  public PatchFailure(String message, boolean badRequest) {
    super(message);
    this.badRequest = badRequest;
  }

  /** True where Kubernetes answers 400 rather than 422. */
  public boolean badRequest() {
    return badRequest;
  }
}
