package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.topics.TopicPublisher;
import io.plantwatch.analytics.windows.WindowRowFields;
import io.plantwatch.analytics.windows.WindowStats;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes window statistics ({@code site, line, machine, metric, window, windowEnd, avg, max, min,
 * count}) as points of {@code machine_window_stats} (contract 5): tags {@code
 * line,machine,metric,site,window}, fields {@code avg,max,min,count}, time = window end in
 * milliseconds. A point is identified by its tags and time, so writing a window again overwrites
 * it: replayed batches and repeated emissions of a filling window are harmless.
 *
 * <p>Used with {@code foreachBatch}: each partition writes on its executor, in requests of {@code
 * batchSize} points with bounded retries; any failure fails the micro-batch before Spark commits
 * its offsets.
 *
 * <p>With a {@link TopicPublisher}, every row is also published to Kafka (the windows topic), in
 * the same pass over the partition that writes InfluxDB. That pass is the only one, so the stateful
 * batch is computed once: a second output would otherwise re-run the aggregation (foreachBatch
 * hands over a plan, not data) or need the batch persisted, which costs a copy of every emitted
 * window in executor memory or on disk each micro-batch. The rows are sent as the writer reads
 * them, and the partition ends only when Kafka acknowledged them all and InfluxDB took its points,
 * so a failure of either fails the batch and both are replayed.
 */
public final class InfluxWindowSink implements VoidFunction2<Dataset<Row>, Long>, Serializable {
  private final InfluxSettings settings;
  private final PointWriter.Factory writers;
  private final TopicPublisher topic;
  private final TopicPublisher rejected;
  private final TopicPublisher judged;
  private final WindowRowFields.Known fields = new WindowRowFields.Known();

  public InfluxWindowSink(InfluxSettings settings, PointWriter.Factory writers) {
    this(settings, writers, null, null, null);
  }

  /**
   * {@code topic} also receives every window row; null = InfluxDB only. Rows with a {@code reason}
   * are rejected records, not windows: they go to {@code rejected}. Rows with {@code judged} set
   * are windows for the alert rules, already written when they changed: they go to {@code judged}
   * only.
   */
  public InfluxWindowSink(
      InfluxSettings settings,
      PointWriter.Factory writers,
      TopicPublisher topic,
      TopicPublisher rejected,
      TopicPublisher judged) {
    this.settings = settings;
    this.writers = writers;
    this.topic = topic;
    this.rejected = rejected;
    this.judged = judged;
  }

  public static InfluxWindowSink to(
      InfluxSettings settings,
      TopicPublisher topic,
      TopicPublisher rejected,
      TopicPublisher judged) {
    return new InfluxWindowSink(settings, InfluxWriters.factory(settings), topic, rejected, judged);
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    batch.foreachPartition((ForeachPartitionFunction<Row>) this::writeAndPublish);
  }

  void writeAndPublish(Iterator<Row> rows) {
    if (rejected == null && judged == null) {
      TopicPublisher.alongside(topic, rows, this::writePartition);
      return;
    }
    TopicPublisher.Publication rejects = rejected == null ? null : rejected.open();
    TopicPublisher.Publication forRules = judged == null ? null : judged.open();
    TopicPublisher.alongside(topic, new WindowRows(rows, rejects, forRules), this::writePartition);
    if (rejects != null) {
      rejects.finish();
    }
    if (forRules != null) {
      forRules.finish();
    }
  }

  /**
   * The window rows of a partition; each rejected record and each window for the rules among them
   * is published on the way.
   */
  private static final class WindowRows implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final TopicPublisher.Publication rejects;
    private final TopicPublisher.Publication judged;
    private Row next;
    private int reason = -2;
    private int judgedAt = -2;

    WindowRows(
        Iterator<Row> rows, TopicPublisher.Publication rejects, TopicPublisher.Publication judged) {
      this.rows = rows;
      this.rejects = rejects;
      this.judged = judged;
    }

    @Override
    public boolean hasNext() {
      while (next == null && rows.hasNext()) {
        Row r = rows.next();
        if (reason == -2) {
          List<String> names = java.util.Arrays.asList(r.schema().fieldNames());
          reason = rejects == null ? -1 : names.indexOf("reason");
          judgedAt = judged == null ? -1 : names.indexOf(WindowStats.JUDGED);
        }
        if (reason >= 0 && !r.isNullAt(reason)) {
          rejects.send(r);
        } else if (judgedAt >= 0 && !r.isNullAt(judgedAt)) {
          judged.send(r);
        } else {
          next = r;
        }
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }

  void writePartition(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return;
    }
    try (PointWriter writer = writers.open()) {
      RetryingWriter retrying =
          new RetryingWriter(
              writer, settings.retry(), d -> Thread.sleep(d.toMillis()), settings.url());
      List<String> chunk = new ArrayList<>(Math.min(settings.batchSize(), 1024));
      while (rows.hasNext()) {
        chunk.add(point(rows.next()));
        if (chunk.size() >= settings.batchSize()) {
          retrying.write(chunk);
          chunk = new ArrayList<>(chunk.size());
        }
      }
      if (!chunk.isEmpty()) {
        retrying.write(chunk);
      }
    }
  }

  String point(Row row) {
    WindowRowFields f = fields.of(row);
    return WindowPoints.lineProtocol(
        settings.measurement(),
        row.getString(f.site),
        row.getString(f.line),
        row.getString(f.machine),
        row.getString(f.metric),
        row.getString(f.window),
        row.getDouble(f.avg),
        row.getDouble(f.max),
        row.getDouble(f.min),
        row.getLong(f.count),
        f.windowEndMillis(row));
  }
}
