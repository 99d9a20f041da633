package io.plantwatch.gateway.failure;

/**
 * Thrown where a component gives up (a fatal failure, or its retries are spent), to unwind to the
 * loop that reports it to {@link FatalFailures}.
 */
public final class FatalFailure extends RuntimeException {
  private final String component;
  private final Failure failure;

  public FatalFailure(String component, Failure failure, Throwable cause) {
    super(failure.message(), cause);
    this.component = component;
    this.failure = failure;
  }

  public String component() {
    return component;
  }

  public Failure failure() {
    return failure;
  }
}
