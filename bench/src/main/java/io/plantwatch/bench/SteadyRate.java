package io.plantwatch.bench;

import java.util.function.LongSupplier;

/** How fast a counter grows over a measured period that follows a warm-up: a ceiling's rate. */
record SteadyRate(long count, double seconds) {

  /** Waits {@code warmupMs}, then counts what {@code counter} gains in {@code durationMs}. */
  static SteadyRate measure(LongSupplier counter, long warmupMs, long durationMs)
      throws InterruptedException {
    Thread.sleep(warmupMs);
    long from = counter.getAsLong();
    long began = System.nanoTime();
    Thread.sleep(durationMs);
    return new SteadyRate(counter.getAsLong() - from, (System.nanoTime() - began) / 1e9);
  }

  double perSecond() {
    return count / seconds;
  }
}
