package io.plantwatch.bench;

import java.util.List;
import java.util.Map;

/**
 * Matches what the devices published against what the sink received: readings lost or doubled in
 * the windows, and the end-to-end latency of every delivered reading.
 *
 * <p>Every machine publishes all its metrics in one message per tick, stamped with the tick's
 * scheduled wall time, which is both its event time and its publish time (so a device that could
 * not publish on time adds its delay to the latency rather than hiding it). A machine's readings of
 * one metric are counted into windows; the k-th of them (in publish order) that falls in a window
 * is taken to be in that window once the sink has received a write of the window with count ≥ k. A
 * reading's latency is the time from its publish to the first such write of any window that
 * contains it. Loss and duplicates are counted on the windows that tile event time (those whose
 * start is a multiple of their length), each reading in exactly one of them: expected count vs.
 * final count.
 */
public final class DeliveredReadings {
  private DeliveredReadings() {}

  /** Where the sink's window logs are found. */
  public interface Windows {
    /** The log of one window, or null if the sink never received it. */
    WindowLog get(String machine, String metric, long windowEndMs);

    /** Drops a window's log that nothing needs any more. */
    default void forget(String machine, String metric, long windowEndMs) {}
  }

  /**
   * @param latencyMs latency of the delivered readings
   * @param firstDeliveryMs wall time of the earliest sink write that delivered a reading
   * @param lastDeliveryMs wall time of the sink write that made the last delivered reading visible
   * @param latencyGrowthMs median latency of the readings published in the last tenth of the period
   *     minus that of the first tenth: about 0 when the chain keeps up, growing with the backlog
   *     when it does not
   */
  public record Result(
      long published,
      long delivered,
      long lost,
      long duplicates,
      Percentiles.Summary latencyMs,
      long firstDeliveryMs,
      long lastDeliveryMs,
      long latencyGrowthMs) {

    /**
     * Delivered readings per second: {@code delivered / (publishMs + latency growth)}. A chain that
     * keeps up delivers at the rate the devices published; one that falls behind builds a backlog
     * that shows as growing latency, and that time is added to the period.
     */
    public double deliveredPerSecond(long publishMs) {
      long span = publishMs + Math.max(0, latencyGrowthMs);
      if (delivered == 0 || span <= 0) {
        return 0;
      }
      return delivered * 1000.0 / span;
    }
  }

  /**
   * The figures of a finished run at once ({@link DeliveryAccount} keeps them as a run goes).
   *
   * @param lengthMs window length; must be a multiple of {@code slideMs}
   * @param slideMs window slide (equal to the length for tumbling windows)
   * @param tsByMachine each machine's publish (= event) times, ascending and distinct
   * @param metrics the metrics every message carried
   */
  public static Result compute(
      long lengthMs,
      long slideMs,
      Map<String, long[]> tsByMachine,
      List<String> metrics,
      Windows windows) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long[] ts : tsByMachine.values()) {
      if (ts.length > 0) {
        min = Math.min(min, ts[0]);
        max = Math.max(max, ts[ts.length - 1]);
      }
    }
    long tenth = min > max ? 0 : (max - min) / 10;
    DeliveryAccount account =
        new DeliveryAccount(lengthMs, slideMs, metrics, windows, min + tenth, max - tenth);
    account.add(tsByMachine);
    return account.result();
  }
}
