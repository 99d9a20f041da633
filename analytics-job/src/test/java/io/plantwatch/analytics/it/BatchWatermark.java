package io.plantwatch.analytics.it;

import java.time.Instant;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** The watermark a given micro-batch of a query ran with, from that batch's own progress. */
final class BatchWatermark {
  private BatchWatermark() {}

  /**
   * Looks for the progress of batch {@code batchId} rather than taking the last one: in one run out
   * of many, two queries fed the same batches reported different last watermarks under load.
   */
  static long of(StreamingQuery q, long batchId) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      for (StreamingQueryProgress p : q.recentProgress()) {
        if (p.batchId() == batchId && p.numInputRows() > 0) {
          return Instant.parse(p.eventTime().get("watermark")).toEpochMilli();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no progress of batch " + batchId + " of " + q.name());
      }
      Thread.sleep(50);
    }
  }
}
