package io.plantwatch.gateway.failure;

import java.time.Duration;

/**
 * A bounded number of retries with backoff, for work that was retried forever before: a failure
 * that keeps coming back is reported and stops the gateway instead of looping in silence.
 */
public final class RetryBudget {
  private final int maxRetries;
  private final Backoff backoff;
  private int failures;

  public RetryBudget(int maxRetries, Backoff backoff) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.backoff = backoff;
  }

  public static RetryBudget of(int maxRetries, Duration minDelay, Duration maxDelay) {
    return new RetryBudget(maxRetries, Backoff.jittered(minDelay, maxDelay));
  }

  /**
   * Counts one failure: the delay before the retry, or -1 when the failure is not retriable or the
   * budget is spent.
   */
  public long delayAfter(Failure failure) {
    failures++;
    if (!failure.retriable() || failures > maxRetries) {
      return -1;
    }
    return backoff.nextDelayMillis();
  }

  /** Consecutive failures so far. */
  public int failures() {
    return failures;
  }

  public int maxRetries() {
    return maxRetries;
  }

  /** The work succeeded: the next failure starts a fresh budget. */
  public void reset() {
    failures = 0;
    backoff.reset();
  }
}
