package io.plantwatch.analytics.retry;

import java.io.Serializable;
import java.time.Duration;

/**
 * The job's one backoff, for InfluxDB writes and SMTP sends: at most {@code maxAttempts} tries,
 * waits doubling up to a cap.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff)
    implements Serializable {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
    }
  }

  /** The wait after the {@code failedAttempt}-th failure (1-based), before the next attempt. */
  public Duration backoffAfter(int failedAttempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < failedAttempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
