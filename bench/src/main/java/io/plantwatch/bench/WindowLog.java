package io.plantwatch.bench;

import java.util.Arrays;

/**
 * The writes of one window (machine, metric, window end) as the sink saw them: each time its count
 * grew, the new count and the wall-clock time of that write. Windows are emitted in update mode, so
 * a window is written again each time it changes; the first write whose count reaches {@code k} is
 * the first that can contain the window's k-th reading.
 */
public final class WindowLog {
  private int[] counts = new int[4];
  private long[] times = new long[4];
  private int size;

  /** Records a write of this window with {@code count} readings at {@code wallMs}. */
  public synchronized void write(long count, long wallMs) {
    if (size > 0 && count <= counts[size - 1]) {
      return;
    }
    if (size == counts.length) {
      counts = Arrays.copyOf(counts, size * 2);
      times = Arrays.copyOf(times, size * 2);
    }
    counts[size] = (int) Math.min(count, Integer.MAX_VALUE);
    times[size] = wallMs;
    size++;
  }

  /** The highest count written (the window's final count once the run is drained). */
  public synchronized long maxCount() {
    return size == 0 ? 0 : counts[size - 1];
  }

  /** Wall time of the first write with at least {@code count} readings, or -1 if none yet. */
  public synchronized long firstTimeWithAtLeast(long count) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (counts[mid] >= count) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo == size ? -1 : times[lo];
  }
}
