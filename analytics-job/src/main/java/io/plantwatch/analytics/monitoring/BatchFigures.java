package io.plantwatch.analytics.monitoring;

/**
 * What one micro-batch of one query did.
 *
 * @param watermark the event-time watermark in force, ISO-8601, or null before the first one
 * @param stateRows rows held by all stateful operators (de-duplication ids and open windows)
 * @param stateMemoryBytes memory of the state stores (for RocksDB: its memory use)
 * @param lateRowsDropped readings behind the watermark, dropped in this batch
 * @param rejectedRows records sent to the rejected topic in this batch
 * @param windowsUpdated window rows the aggregation updated, and so emitted (update mode)
 * @param headroomMs how far the batch's earliest reading was ahead of the watermark, in event-time
 *     ms (negative: some were dropped as late), or {@link #NO_HEADROOM} without rows or watermark
 */
public record BatchFigures(
    String query,
    long batchId,
    long inputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    long batchDurationMs,
    String watermark,
    long stateRows,
    long stateMemoryBytes,
    long lateRowsDropped,
    long rejectedRows,
    long windowsUpdated,
    long headroomMs) {
  /** The headroom of a batch without rows or before the first watermark. */
  public static final long NO_HEADROOM = Long.MAX_VALUE;

  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "query=%s batch=%d rows=%d in=%.1f/s processed=%.1f/s duration=%dms watermark=%s"
            + " state=%d rows/%d bytes late-dropped=%d rejected=%d headroom=%s",
        query,
        batchId,
        inputRows,
        inputRowsPerSecond,
        processedRowsPerSecond,
        batchDurationMs,
        watermark,
        stateRows,
        stateMemoryBytes,
        lateRowsDropped,
        rejectedRows,
        headroomMs == NO_HEADROOM ? "-" : java.time.Duration.ofMillis(headroomMs).toString());
  }
}
