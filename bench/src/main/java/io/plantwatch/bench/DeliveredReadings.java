package io.plantwatch.bench;

import java.util.Arrays;
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
  }

  /**
   * @param latenciesMs latency of each delivered reading, unsorted
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
      long[] latenciesMs,
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
    if (slideMs <= 0 || lengthMs % slideMs != 0) {
      throw new IllegalArgumentException("window length must be a multiple of its slide");
    }
    long published = 0;
    long lost = 0;
    long duplicates = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long[] latencies = new long[16];
    long[] stamps = new long[16];
    int n = 0;
    for (Map.Entry<String, long[]> e : tsByMachine.entrySet()) {
      String machine = e.getKey();
      long[] ts = e.getValue();
      if (ts.length == 0) {
        continue;
      }
      long firstStart = Math.floorDiv(ts[0], slideMs) * slideMs - lengthMs + slideMs;
      long lastStart = Math.floorDiv(ts[ts.length - 1], slideMs) * slideMs;
      for (String metric : metrics) {
        published += ts.length;
        long[] best = new long[ts.length];
        long[] bestAt = new long[ts.length];
        Arrays.fill(best, Long.MAX_VALUE);
        for (long start = firstStart; start <= lastStart; start += slideMs) {
          int a = lowerBound(ts, start);
          int b = lowerBound(ts, start + lengthMs);
          if (a == b) {
            continue;
          }
          WindowLog log = windows.get(machine, metric, start + lengthMs);
          if (Math.floorMod(start, lengthMs) == 0) {
            long expected = b - a;
            long observed = log == null ? 0 : log.maxCount();
            lost += Math.max(0, expected - observed);
            duplicates += Math.max(0, observed - expected);
          }
          if (log == null) {
            continue;
          }
          for (int i = a; i < b; i++) {
            long at = log.firstTimeWithAtLeast(i - a + 1);
            if (at >= 0 && at - ts[i] < best[i]) {
              best[i] = Math.max(0, at - ts[i]);
              bestAt[i] = at;
            }
          }
        }
        for (int i = 0; i < ts.length; i++) {
          if (best[i] == Long.MAX_VALUE) {
            continue;
          }
          if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
            stamps = Arrays.copyOf(stamps, n * 2);
          }
          stamps[n] = ts[i];
          latencies[n++] = best[i];
          first = Math.min(first, bestAt[i]);
          last = Math.max(last, bestAt[i]);
        }
      }
    }
    return new Result(
        published,
        published - lost,
        lost,
        duplicates,
        Arrays.copyOf(latencies, n),
        n == 0 ? 0 : first,
        n == 0 ? 0 : last,
        growth(Arrays.copyOf(stamps, n), Arrays.copyOf(latencies, n)));
  }

  /** Median latency of the last tenth of the publish period minus that of the first tenth. */
  static long growth(long[] stamps, long[] latencies) {
    if (stamps.length == 0) {
      return 0;
    }
    long min = Arrays.stream(stamps).min().getAsLong();
    long max = Arrays.stream(stamps).max().getAsLong();
    long tenth = (max - min) / 10;
    long[] head = new long[stamps.length];
    long[] tail = new long[stamps.length];
    int h = 0;
    int t = 0;
    for (int i = 0; i < stamps.length; i++) {
      if (stamps[i] <= min + tenth) {
        head[h++] = latencies[i];
      }
      if (stamps[i] >= max - tenth) {
        tail[t++] = latencies[i];
      }
    }
    double headMedian = Percentiles.summarize(Arrays.copyOf(head, h)).p50();
    double tailMedian = Percentiles.summarize(Arrays.copyOf(tail, t)).p50();
    return (long) (tailMedian - headMedian);
  }

  private static int lowerBound(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
