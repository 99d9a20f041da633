package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.retry.RetryPolicy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes with bounded retries: retriable failures wait and try again, fatal ones stop at once. */
public final class RetryingWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingWriter.class);

  /** Waits; injected so that tests run without wall-clock waits. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final PointWriter target;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final String destination;

  public RetryingWriter(
      PointWriter target, RetryPolicy policy, Sleeper sleeper, String destination) {
    this.target = target;
    this.policy = policy;
    this.sleeper = sleeper;
    this.destination = destination;
  }

  public void write(Points points) {
    for (int attempt = 1; ; attempt++) {
      try {
        target.write(points);
        if (attempt > 1) {
          LOG.info("{} took {} points at attempt {}", destination, points.count(), attempt);
        }
        return;
      } catch (RuntimeException e) {
        if (WriteFailure.classify(e) == WriteFailure.FATAL) {
          throw new SinkWriteException(
              destination + " refused " + points.count() + " points: " + e.getMessage(), e);
        }
        if (attempt >= policy.maxAttempts()) {
          throw new SinkWriteException(
              destination
                  + " did not take "
                  + points.count()
                  + " points in "
                  + attempt
                  + " attempts; the micro-batch fails and is replayed from the checkpoint: "
                  + e.getMessage(),
              e);
        }
        Duration wait = waitAfter(attempt, e);
        LOG.warn(
            "{} failed attempt {} of {} ({}); retrying in {} ms",
            destination,
            attempt,
            policy.maxAttempts(),
            e.getMessage(),
            wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new SinkWriteException(
              "interrupted while waiting to retry a write to " + destination, ie);
        }
      }
    }
  }

  /** Our backoff, or the server's Retry-After when longer, never above the policy's cap. */
  Duration waitAfter(int failedAttempt, Throwable error) {
    Duration backoff = policy.backoffAfter(failedAttempt);
    Duration asked = WriteFailure.retryAfter(error).orElse(Duration.ZERO);
    Duration wait = asked.compareTo(backoff) > 0 ? asked : backoff;
    return wait.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : wait;
  }
}
