package io.plantwatch.gateway.failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter", the gateway's only one (reconnects, queue commits,
 * forwarding): the n-th delay is drawn from [d/2, d] where d doubles from the minimum up to the
 * maximum, so a fleet of gateways does not retry in step.
 */
public final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private final DoubleSupplier random;
  private int attempt;

  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
    }
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** Jittered by the thread's own random source. */
  public static Backoff jittered(Duration min, Duration max) {
    return new Backoff(min, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before the next attempt. */
  public long nextDelayMillis() {
    long ceiling = minMillis << Math.min(attempt, 30);
    if (ceiling <= 0 || ceiling > maxMillis) {
      ceiling = maxMillis;
    }
    attempt++;
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }

  public void reset() {
    attempt = 0;
  }
}
