package io.plantwatch.bench;

import java.util.List;

/**
 * The Spark ceiling's rate from the windows query's non-empty batches: rows read per second of
 * batch time, over every batch but the first (which pays for class loading, the JIT and creating
 * the state stores), and over the batches that ran once the state had reached its full size.
 *
 * <p>The state stops growing when the watermark passes the end of the first windows: from then on
 * each batch drops as many panes as it starts. Before that a batch works on a smaller state and
 * costs less, so a rate counted only there overstates what a running job sustains; and the first
 * batches run while the JIT is still compiling, which understates it. The steady figure is neither.
 *
 * @param all rows/s over every batch but the first
 * @param allBatches how many batches {@code all} counts
 * @param steady rows/s over the batches whose watermark had reached the state's full size; 0 when
 *     there were none
 * @param steadyBatches how many batches {@code steady} counts
 */
record BatchRate(double all, int allBatches, double steady, int steadyBatches) {

  /** Fewer steady batches than this and the steady figure is not reported. */
  static final int MIN_STEADY_BATCHES = 3;

  /**
   * @param batches the windows query's non-empty batches, in order
   * @param stateFullAtMs the watermark from which the state holds its full size
   */
  static BatchRate of(List<BatchTimes.Batch> batches, long stateFullAtMs) {
    List<BatchTimes.Batch> counted =
        batches.size() > 1 ? batches.subList(1, batches.size()) : batches;
    List<BatchTimes.Batch> steady =
        counted.stream().filter(b -> b.watermarkMs() >= stateFullAtMs).toList();
    return new BatchRate(rate(counted), counted.size(), rate(steady), steady.size());
  }

  /** Whether enough batches ran at the state's full size for {@link #steady} to mean something. */
  boolean hasSteady() {
    return steadyBatches >= MIN_STEADY_BATCHES;
  }

  /** The figure the ceiling reports: the steady rate when there is one, else every batch's. */
  double headline() {
    return hasSteady() ? steady : all;
  }

  private static double rate(List<BatchTimes.Batch> batches) {
    long rows = batches.stream().mapToLong(BatchTimes.Batch::inputRows).sum();
    long ms = batches.stream().mapToLong(BatchTimes.Batch::durationMs).sum();
    return ms == 0 ? 0 : rows * 1000.0 / ms;
  }
}
