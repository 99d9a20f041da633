package io.plantwatch.devices.sim;

/** Spaces ticks evenly in wall-clock time; a period of 0 means as fast as possible. */
final class Pacer {
  private final long periodNanos;
  private final long start = System.nanoTime();

  Pacer(double ticksPerSecond) {
    this.periodNanos = ticksPerSecond <= 0 ? 0 : (long) (1e9 / ticksPerSecond);
  }

  void awaitTick(long tick) throws InterruptedException {
    if (periodNanos == 0) {
      return;
    }
    long wait = start + tick * periodNanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }
}
