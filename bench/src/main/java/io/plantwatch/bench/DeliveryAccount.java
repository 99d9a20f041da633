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
    machines.forEach((name, m) -> m.fold(name, finalMs, totals, true));
  }

  /**
   * The figures as if every window were final now, without forgetting anything: for a run still
   * draining, asked again until nothing is missing.
   */
  DeliveredReadings.Result result() {
    Totals t = totals.copy();
    machines.forEach((name, m) -> m.copy().fold(name, Long.MAX_VALUE, t, false));
    return t.result();
  }

  /** Readings still held (not yet accounted for), over all machines. */
  long held() {
    return machines.values().stream().mapToLong(m -> m.size - m.pending).sum();
  }

  /** What has been accounted for so far. */
  private static final class Totals {
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

    void fold(String machine, long finalMs, Totals t, boolean forget) {
      if (size == 0) {
        return;
      }
      if (nextTilingEnd == Long.MIN_VALUE) {
        nextTilingEnd = Math.floorDiv(ts[0], lengthMs) * lengthMs + lengthMs;
      }
      long lastStamp = ts[size - 1];
      // Loss and duplicates on the tiling windows: every reading is in exactly one of them.
      while (nextTilingEnd <= finalMs && nextTilingEnd - lengthMs <= lastStamp) {
        long end = nextTilingEnd;
        int a = lowerBound(end - lengthMs);
        int b = lowerBound(end);
        if (a < b) {
          for (String metric : metrics) {
            WindowLog log = windows.get(machine, metric, end);
            long expected = b - a;
            long observed = log == null ? 0 : log.maxCount();
            t.lost += Math.max(0, expected - observed);
            t.duplicates += Math.max(0, observed - expected);
          }
        }
        nextTilingEnd += lengthMs;
      }
      // Readings whose last window is final: the earliest write of any window holding each.
      while (pending < size && lastWindowEnd(ts[pending]) <= finalMs) {
        long stamp = ts[pending];
        long firstStart = Math.floorDiv(stamp, slideMs) * slideMs - lengthMs + slideMs;
        for (String metric : metrics) {
          t.published++;
          long best = Long.MAX_VALUE;
          long bestAt = 0;
          for (long start = firstStart; start <= stamp; start += slideMs) {
            WindowLog log = windows.get(machine, metric, start + lengthMs);
            if (log == null) {
              continue;
            }
            long at = log.firstTimeWithAtLeast(pending - lowerBound(start) + 1);
            if (at >= 0 && at - stamp < best) {
              best = at - stamp;
              bestAt = at;
            }
          }
          if (best == Long.MAX_VALUE) {
            continue;
          }
          long latency = Math.max(0, best);
          t.all.recordValue(latency);
          if (stamp <= headEndMs) {
            t.head.recordValue(latency);
          }
          if (stamp >= tailStartMs) {
            t.tail.recordValue(latency);
          }
          t.first = Math.min(t.first, bestAt);
          t.last = Math.max(t.last, bestAt);
        }
        pending++;
      }
      if (forget) {
        forget(machine);
      }
    }

    /**
     * Drops the window logs no pending reading is in and no tiling window still to be compared is,
     * and the stamps no such window holds.
     */
    private void forget(String machine) {
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
