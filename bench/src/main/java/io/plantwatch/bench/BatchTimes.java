package io.plantwatch.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/** Every micro-batch of one streaming query: rows read and how long the batch took. */
public final class BatchTimes extends StreamingQueryListener {
  /**
   * One micro-batch, and the event-time watermark it ran with ({@link Long#MIN_VALUE} when Spark
   * reports none).
   */
  public record Batch(long batchId, long inputRows, long durationMs, long atMs, long watermarkMs) {}

  private final String query;
  private final List<Batch> batches = new ArrayList<>();
  private volatile long watermarkMs = Long.MIN_VALUE;

  public BatchTimes(String query) {
    this.query = query;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    var p = event.progress();
    if (!query.equals(p.name())) {
      return;
    }
    String watermark = p.eventTime().get("watermark");
    long ranWith =
        watermark == null ? Long.MIN_VALUE : java.time.Instant.parse(watermark).toEpochMilli();
    watermarkMs = Math.max(watermarkMs, ranWith);
    synchronized (batches) {
      batches.add(
          new Batch(
              p.batchId(),
              p.numInputRows(),
              p.batchDuration(),
              System.currentTimeMillis(),
              ranWith));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  public List<Batch> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  /**
   * The event-time watermark the newest finished batch ran with, or Long.MIN_VALUE before one did:
   * that batch has written everything, and no later batch changes a window ending at or before it.
   */
  public long watermarkMs() {
    return watermarkMs;
  }

  /** Rows read by all batches so far. */
  public long inputRows() {
    return batches().stream().mapToLong(Batch::inputRows).sum();
  }

  /** Batches that read rows and ended at or after {@code fromMs}. */
  public List<Batch> nonEmptySince(long fromMs) {
    List<Batch> out = new ArrayList<>();
    for (Batch b : batches()) {
      if (b.inputRows() > 0 && b.atMs() >= fromMs) {
        out.add(b);
      }
    }
    return out;
  }
}
