package io.plantwatch.bench;

import io.plantwatch.devices.load.LoadGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured period's {@link DeliveryAccount}, folded every few seconds while the devices publish
 * and the chain drains. A window is final, and folded, once the sink has received a window ending a
 * window length, the job's watermark and a slide later: the job's watermark then lies past it, so
 * Spark has dropped the window from its state and drops late readings for it.
 */
final class RunningAccount implements AutoCloseable {
  private static final long FOLD_EVERY_MS = 10_000;

  private final LoadGenerator devices;
  private final WindowSink sink;
  private final BatchTimes batches;
  private final long slideMs;
  private final DeliveryAccount account;
  private final int[] taken;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param startMs when the devices start publishing
   * @param durationMs for how long they publish
   */
  RunningAccount(
      LoadGenerator devices,
      WindowSink sink,
      BatchTimes batches,
      long lengthMs,
      long slideMs,
      List<String> metrics,
      long startMs,
      long durationMs) {
    this.devices = devices;
    this.sink = sink;
    this.batches = batches;
    this.slideMs = slideMs;
    this.account =
        new DeliveryAccount(
            lengthMs,
            slideMs,
            metrics,
            sink.windows(),
            startMs + durationMs / 10,
            startMs + durationMs - durationMs / 10);
    this.taken = new int[devices.machines()];
    this.thread = new Thread(this::foldEvery, "bench-account");
    thread.setDaemon(true);
    thread.start();
  }

  /** The figures now, every window not yet final counted as it stands. */
  synchronized DeliveredReadings.Result result() {
    catchUp();
    return account.result();
  }

  /** Readings and windows the account holds now, for the progress log. */
  synchronized String held() {
    return String.format(
        java.util.Locale.ROOT,
        "%,d readings and %,d windows held",
        account.held(),
        sink.windowsHeld());
  }

  private void foldEvery() {
    while (!closed) {
      try {
        Thread.sleep(FOLD_EVERY_MS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        catchUp();
      }
    }
  }

  private void catchUp() {
    Map<String, long[]> more = new LinkedHashMap<>();
    for (int i = 0; i < taken.length; i++) {
      long[] ts = devices.stamps(i, taken[i]);
      taken[i] += ts.length;
      more.put(LoadGenerator.machineName(i), ts);
    }
    account.add(more);
    long watermark = batches.watermarkMs();
    if (watermark != Long.MIN_VALUE) {
      account.fold(watermark - slideMs);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
