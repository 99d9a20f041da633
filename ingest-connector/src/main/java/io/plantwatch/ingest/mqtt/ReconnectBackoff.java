package io.plantwatch.ingest.mqtt;

/**
 * Exponential reconnection backoff with an upper bound: initial, 2×, 4×, … up to max, reset by a
 * successful connection. Works on a caller-supplied clock so it is tested without waiting.
 */
final class ReconnectBackoff {
  private final long initialMs;
  private final long maxMs;
  private long nextDelayMs;
  private long notBeforeMs;
  private int failures;

  ReconnectBackoff(long initialMs, long maxMs) {
    if (initialMs <= 0 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initialMs + ", " + maxMs);
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.nextDelayMs = initialMs;
  }

  /** Whether an attempt may be made at {@code nowMs}. */
  boolean due(long nowMs) {
    return nowMs >= notBeforeMs;
  }

  /** Milliseconds until the next attempt is due; 0 when it already is. */
  long remainingMs(long nowMs) {
    return Math.max(0, notBeforeMs - nowMs);
  }

  /** Records a failed attempt at {@code nowMs}; returns the wait before the next one. */
  long failed(long nowMs) {
    long delay = nextDelayMs;
    notBeforeMs = nowMs + delay;
    nextDelayMs = Math.min(maxMs, nextDelayMs * 2);
    failures++;
    return delay;
  }

  /** Records a connection loss: the first reconnection waits the initial delay. */
  void lost(long nowMs) {
    notBeforeMs = nowMs + initialMs;
    nextDelayMs = Math.min(maxMs, initialMs * 2);
  }

  void succeeded() {
    nextDelayMs = initialMs;
    notBeforeMs = 0;
    failures = 0;
  }

  /** Consecutive failed attempts since the last success. */
  int failures() {
    return failures;
  }
}
