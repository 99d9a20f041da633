package io.plantwatch.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies, in the unit they are given. */
public final class Percentiles {
  private Percentiles() {}

  /** p50, p95, p99 and the maximum of some values; NaN for all of them when there are none. */
  public record Summary(long count, double p50, double p95, double p99, double max) {}

  /**
   * The nearest-rank {@code p}-th percentile of {@code sorted} (ascending): the smallest value such
   * that at least p % of the values are at or below it. NaN when empty.
   */
  public static double of(long[] sorted, double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** Sorts a copy of {@code values} and summarises it. */
  public static Summary summarize(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Summary(
        sorted.length,
        of(sorted, 50),
        of(sorted, 95),
        of(sorted, 99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
  }

  /**
   * The same summary of a histogram: nearest-rank percentiles, each the highest value its bucket
   * stands for (exact where the histogram's precision is one unit).
   */
  public static Summary summarize(org.HdrHistogram.Histogram h) {
    if (h.getTotalCount() == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Summary(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getMaxValue());
  }
}
