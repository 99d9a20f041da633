package io.plantwatch.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@link DeliveredReadings} kept as the run goes: a reading is accounted for (its latency into a
 * histogram, and it is forgotten) once every window holding it is final, and a window's log is
 * dropped from the sink once no reading still to be accounted for is in it. So the bench's own
 * memory holds only the windows and readings of the last few minutes, however long the run: in a
 * soak the measurement stays out of the memory it measures.
 *
 * <p>Not thread-safe: one thread folds and asks for results.
 */
final class DeliveryAccount {
  /** Latencies are kept to 4 significant digits: exact below 16.4 s, within 0.01 % above. */
  private static final int DIGITS = 4;

  private final long lengthMs;
  private final long slideMs;
  private final List<String> metrics;
  private final DeliveredReadings.Windows windows;
  private final long headEndMs;
  private final long tailStartMs;
  private final Map<String, Machine> machines = new LinkedHashMap<>();
  private final Totals totals = new Totals();

  /**
   * @param headEndMs readings stamped at or before it are the first tenth of the period (for the
   *     latency growth)
   * @param tailStartMs readings stamped at or after it are the last tenth
   */
  DeliveryAccount(
      long lengthMs,
      long slideMs,
      List<String> metrics,
      DeliveredReadings.Windows windows,
      long headEndMs,
      long tailStartMs) {
    if (slideMs <= 0 || lengthMs % slideMs != 0) {
      throw new IllegalArgumentException("window length must be a multiple of its slide");
    }
    this.lengthMs = lengthMs;
    this.slideMs = slideMs;
    this.metrics = List.copyOf(metrics);
    this.windows = windows;
    this.headEndMs = headEndMs;
    this.tailStartMs = tailStartMs;
  }

  /** Appends each machine's newly published stamps (ascending, after those added before). */
  void add(Map<String, long[]> newStamps) {
    newStamps.forEach(
        (machine, ts) -> machines.computeIfAbsent(machine, m -> new Machine()).add(ts));
  }

  /**
   * Accounts for every reading whose windows all end at or before {@code finalMs} (windows the job
   * will not write again), then forgets them and the windows no other reading needs.
   */
  void fold(long finalMs) {
    machines.forEach(
        (name, m) -> {
          m.account(name, finalMs, totals);
          m.forget(name);
        });
  }

  /**
   * The figures as if every window were final now, without forgetting anything: for a run still
   * draining, asked again until nothing is missing.
   */
  DeliveredReadings.Result result() {
    Totals t = totals.copy();
    machines.forEach((name, m) -> m.copy().account(name, Long.MAX_VALUE, t));
    return t.result();
  }

  /** Readings still held (not yet accounted for), over all machines. */
  long held() {
    return machines.values().stream().mapToLong(m -> m.size - m.pending).sum();
  }

  /** What has been accounted for so far. */
  private final class Totals {
    long published;
    long lost;
    long duplicates;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    Histogram all = new Histogram(DIGITS);
    Histogram head = new Histogram(DIGITS);
    Histogram tail = new Histogram(DIGITS);

    Totals copy() {
      Totals t = new Totals();
      t.published = published;
      t.lost = lost;
      t.duplicates = duplicates;
      t.first = first;
      t.last = last;
      t.all = all.copy();
      t.head = head.copy();
      t.tail = tail.copy();
      return t;
    }

    void record(long stamp, long latency, long deliveredAt) {
      all.recordValue(latency);
      if (stamp <= headEndMs) {
        head.recordValue(latency);
      }
      if (stamp >= tailStartMs) {
        tail.recordValue(latency);
      }
      first = Math.min(first, deliveredAt);
      last = Math.max(last, deliveredAt);
    }

    DeliveredReadings.Result result() {
      long n = all.getTotalCount();
      // 0 when either tenth delivered nothing
      long growth =
          head.getTotalCount() == 0 || tail.getTotalCount() == 0
              ? 0
              : (long) (Percentiles.summarize(tail).p50() - Percentiles.summarize(head).p50());
      return new DeliveredReadings.Result(
          published,
          published - lost,
          lost,
          duplicates,
          Percentiles.summarize(all),
          n == 0 ? 0 : first,
          n == 0 ? 0 : last,
          growth);
    }
  }

  /**
   * One machine's stamps: {@code ts[pending..size)} are still to be accounted for; the ones before
   * are kept while a window of a pending reading reaches back to them.
   */
  private final class Machine {
    long[] ts = new long[64];
    int size;
    int pending;
    // The end of the next tiling window (start a multiple of the length) to compare counts of.
    long nextTilingEnd = Long.MIN_VALUE;
    // The end of the last window whose log was dropped from the sink.
    long forgottenUpTo = Long.MIN_VALUE;

    void add(long[] more) {
      if (size + more.length > ts.length) {
        ts = Arrays.copyOf(ts, Math.max(ts.length * 2, size + more.length));
      }
      System.arraycopy(more, 0, ts, size, more.length);
      size += more.length;
    }

    Machine copy() {
      Machine m = new Machine();
      m.ts = ts;
      m.size = size;
      m.pending = pending;
      m.nextTilingEnd = nextTilingEnd;
      m.forgottenUpTo = forgottenUpTo;
      return m;
    }

    /** Accounts for the tiling windows and the readings final at {@code finalMs}. */
    void account(String machine, long finalMs, Totals t) {
      if (size == 0) {
        return;
      }
      if (nextTilingEnd == Long.MIN_VALUE) {
        nextTilingEnd = Math.floorDiv(ts[0], lengthMs) * lengthMs + lengthMs;
      }
      // Loss and duplicates on the tiling windows: every reading is in exactly one of them.
      while (nextTilingEnd <= finalMs && nextTilingEnd - lengthMs <= ts[size - 1]) {
        compareCounts(machine, nextTilingEnd, t);
        nextTilingEnd += lengthMs;
      }
      while (pending < size && lastWindowEnd(ts[pending]) <= finalMs) {
        accountReading(machine, t);
        pending++;
      }
    }

    private void compareCounts(String machine, long end, Totals t) {
      long expected = lowerBound(end) - lowerBound(end - lengthMs);
      if (expected == 0) {
        return;
      }
      for (String metric : metrics) {
        WindowLog log = windows.get(machine, metric, end);
        long observed = log == null ? 0 : log.maxCount();
        t.lost += Math.max(0, expected - observed);
        t.duplicates += Math.max(0, observed - expected);
      }
    }

    /**
     * The pending reading's latency per metric: to the earliest write of any window holding it with
     * a count that includes it (its rank among the window's readings).
     */
    private void accountReading(String machine, Totals t) {
      long stamp = ts[pending];
      long firstStart = Math.floorDiv(stamp, slideMs) * slideMs - lengthMs + slideMs;
      int windowsOf = (int) (lengthMs / slideMs);
      int[] rank = new int[windowsOf];
      for (int w = 0; w < windowsOf; w++) {
        rank[w] = pending - lowerBound(firstStart + w * slideMs) + 1;
      }
      for (String metric : metrics) {
        t.published++;
        long best = Long.MAX_VALUE;
        long bestAt = 0;
        for (int w = 0; w < windowsOf; w++) {
          WindowLog log = windows.get(machine, metric, firstStart + w * slideMs + lengthMs);
          long at = log == null ? -1 : log.firstTimeWithAtLeast(rank[w]);
          if (at >= 0 && at - stamp < best) {
            best = at - stamp;
            bestAt = at;
          }
        }
        if (best != Long.MAX_VALUE) {
          t.record(stamp, Math.max(0, best), bestAt);
        }
      }
    }

    /**
     * Drops the window logs no pending reading is in and no tiling window still to be compared is,
     * and the stamps no such window holds.
     */
    void forget(String machine) {
      if (size == 0) {
        return;
      }
      // A window ending at or before the first pending stamp (or the last stamp) holds only
      // readings accounted for.
      long upTo = Math.min(pending < size ? ts[pending] : ts[size - 1], nextTilingEnd - 1);
      if (forgottenUpTo == Long.MIN_VALUE) {
        forgottenUpTo = Math.floorDiv(ts[0], slideMs) * slideMs;
      }
      for (long end = forgottenUpTo + slideMs; end <= upTo; end += slideMs) {
        for (String metric : metrics) {
          windows.forget(machine, metric, end);
        }
        forgottenUpTo = end;
      }
      // A later window starts after the first pending stamp (or the last one) minus the length.
      long keepFrom =
          Math.min(
              (pending < size ? ts[pending] : ts[size - 1] + 1) - lengthMs,
              nextTilingEnd - lengthMs);
      int drop = lowerBound(keepFrom);
      if (drop > 0) {
        System.arraycopy(ts, drop, ts, 0, size - drop);
        size -= drop;
        pending -= drop;
      }
    }

    private long lastWindowEnd(long stamp) {
      return Math.floorDiv(stamp, slideMs) * slideMs + lengthMs;
    }

    private int lowerBound(long key) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ts[mid] < key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
