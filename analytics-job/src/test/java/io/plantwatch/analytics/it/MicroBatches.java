package io.plantwatch.analytics.it;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** What the windows-step ITs do with micro-batches: collect each one's rows, read its watermark. */
final class MicroBatches {
  private MicroBatches() {}

  /** Starts {@code windows} in update mode, putting each batch's rows into {@code out} by id. */
  static StreamingQuery collect(
      Dataset<Row> windows, Path checkpoints, String name, Map<Long, List<Row>> out)
      throws Exception {
    return windows
        .writeStream()
        .queryName(name)
        .outputMode(OutputMode.Update())
        .option("checkpointLocation", checkpoints.resolve(name).toString())
        .foreachBatch(
            (VoidFunction2<Dataset<Row>, Long>)
                (rows, id) -> {
                  synchronized (out) {
                    out.put(id, rows.collectAsList());
                  }
                })
        .start();
  }

  /** Each batch's rows in order, so that two steps' batches compare regardless of row order. */
  static Map<Long, List<String>> sortedValues(Map<Long, List<String>> byBatch) {
    Map<Long, List<String>> out = new TreeMap<>();
    byBatch.forEach((b, rows) -> out.put(b, rows.stream().sorted().toList()));
    return out;
  }

  /**
   * The newest event time of each series ({@code site|line|machine|metric}, as the first four
   * fields of a window's text) in a batch of readings ({@link WindowRowText#VALID}).
   */
  static Map<String, Long> newestBySeries(List<Row> batch) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : batch) {
      String series =
          String.join("|", r.getString(1), r.getString(2), r.getString(3), r.getString(4));
      out.merge(series, ((Timestamp) r.get(7)).getTime(), Math::max);
    }
    return out;
  }

  /**
   * The watermark batch {@code batchId} ran with, from the progress of that batch id that read
   * rows, not the last progress: a query idle for {@code
   * spark.sql.streaming.noDataProgressEventInterval} (10 s, reached on a loaded machine) reports an
   * idle progress under the next batch's id, with the watermark that batch will have. Taking the
   * last progress made two queries fed the same batches disagree once in a while.
   */
  static long watermark(StreamingQuery q, long batchId) throws InterruptedException {
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
