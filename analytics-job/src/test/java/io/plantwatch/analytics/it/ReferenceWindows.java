package io.plantwatch.analytics.it;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent, plain-Java statement of what the job must compute, sharing no code with it:
 * readings arrive in phases (each phase fully processed before the next is sent); a reading is late
 * when its event time is at or behind the watermark, which is the largest event time of earlier
 * phases minus the delay; a repeated id is dropped; every other reading counts in each window
 * {@code [start, start + length)} with {@code start} a multiple of the slide.
 */
public final class ReferenceWindows {
  /** One reading as the test produced it. */
  public record In(
      String id, String site, String line, String machine, String metric, double value, long ts) {}

  /** A window's identity in the sink: its tags and its time (the window end). */
  record Key(String site, String line, String machine, String metric, String window, long end)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return toString().compareTo(o.toString());
    }
  }

  record Stats(double avg, double max, double min, long count) {}

  private final Map<Key, double[]> sums = new TreeMap<>();
  private final Set<String> seen = new HashSet<>();
  private final long delayMs;
  private final long lengthMs;
  private final long slideMs;
  private final String label;
  private long maxTs = Long.MIN_VALUE;
  private long late;

  /** {@code label} is the window tag the sink is expected to carry, e.g. {@code "5m/1m"}. */
  ReferenceWindows(long delayMs, long lengthMs, long slideMs, String label) {
    this.delayMs = delayMs;
    this.lengthMs = lengthMs;
    this.slideMs = slideMs;
    this.label = label;
  }

  /** Feeds one phase; the watermark only moves between phases. */
  ReferenceWindows phase(List<In> readings) {
    long watermark = maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTs - delayMs;
    long phaseMax = maxTs;
    for (In r : readings) {
      phaseMax = Math.max(phaseMax, r.ts());
      if (r.ts() <= watermark) {
        late++;
        continue;
      }
      if (!seen.add(r.id())) {
        continue;
      }
      long lastStart = Math.floorDiv(r.ts(), slideMs) * slideMs;
      for (long start = lastStart; start > r.ts() - lengthMs; start -= slideMs) {
        Key k = new Key(r.site(), r.line(), r.machine(), r.metric(), label, start + lengthMs);
        double[] s =
            sums.computeIfAbsent(
                k, x -> new double[] {0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0});
        s[0] += r.value();
        s[1] = Math.max(s[1], r.value());
        s[2] = Math.min(s[2], r.value());
        s[3] += 1;
      }
    }
    maxTs = phaseMax;
    return this;
  }

  long lateReadings() {
    return late;
  }

  Map<Key, Stats> windows() {
    Map<Key, Stats> out = new TreeMap<>();
    sums.forEach((k, s) -> out.put(k, new Stats(s[0] / s[3], s[1], s[2], (long) s[3])));
    return out;
  }
}
