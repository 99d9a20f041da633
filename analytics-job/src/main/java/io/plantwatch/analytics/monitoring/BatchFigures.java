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
    long windowsUpdated) {

  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "query=%s batch=%d rows=%d in=%.1f/s processed=%.1f/s duration=%dms watermark=%s"
            + " state=%d rows/%d bytes late-dropped=%d rejected=%d",
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
        rejectedRows);
  }
}
