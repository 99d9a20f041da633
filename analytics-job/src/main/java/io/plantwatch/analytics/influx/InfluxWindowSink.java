package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.topics.TopicPublisher;
import io.plantwatch.analytics.windows.WindowRowFields;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

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
  private final WindowRowFields fields;
  private final TopicPublisher<InternalRow> topic;
  private final TopicPublisher<InternalRow> rejected;
  private final TopicPublisher<InternalRow> judged;

  /** A sink of rows of {@code schema} ({@link WindowRowFields}) to InfluxDB only. */
  public InfluxWindowSink(InfluxSettings settings, PointWriter.Factory writers, StructType schema) {
    this(settings, writers, schema, null, null, null);
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
      StructType schema,
      TopicPublisher<InternalRow> topic,
      TopicPublisher<InternalRow> rejected,
      TopicPublisher<InternalRow> judged) {
    this.settings = settings;
    this.writers = writers;
    this.fields = WindowRowFields.of(schema);
    this.topic = topic;
    this.rejected = rejected;
    this.judged = judged;
  }

  public static InfluxWindowSink to(
      InfluxSettings settings,
      StructType schema,
      TopicPublisher<InternalRow> topic,
      TopicPublisher<InternalRow> rejected,
      TopicPublisher<InternalRow> judged) {
    return new InfluxWindowSink(
        settings, InfluxWriters.factory(settings), schema, topic, rejected, judged);
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    fields.check(batch.schema());
    // Spark's internal rows, not Java Rows: the point and the records read the fields they need
    // from the row as Spark holds it, with no Java object made of every field first (see
    // WindowRowFields).
    batch.queryExecution().toRdd().toJavaRDD().foreachPartition(this::writeAndPublish);
  }

  /** Writes and publishes one partition; its rows may be one object Spark refills, read in turn. */
  void writeAndPublish(Iterator<InternalRow> rows) {
    if (rejected == null && judged == null) {
      TopicPublisher.alongside(topic, rows, this::writePartition);
      return;
    }
    TopicPublisher<InternalRow>.Publication rejects = rejected == null ? null : rejected.open();
    TopicPublisher<InternalRow>.Publication forRules = judged == null ? null : judged.open();
    TopicPublisher.alongside(
        topic, new WindowRows(rows, fields, rejects, forRules), this::writePartition);
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
  private static final class WindowRows implements Iterator<InternalRow> {
    private final Iterator<InternalRow> rows;
    private final WindowRowFields fields;
    private final TopicPublisher<InternalRow>.Publication rejects;
    private final TopicPublisher<InternalRow>.Publication judged;
    private InternalRow next;

    WindowRows(
        Iterator<InternalRow> rows,
        WindowRowFields fields,
        TopicPublisher<InternalRow>.Publication rejects,
        TopicPublisher<InternalRow>.Publication judged) {
      this.rows = rows;
      this.fields = fields;
      this.rejects = rejects;
      this.judged = judged;
    }

    @Override
    public boolean hasNext() {
      while (next == null && rows.hasNext()) {
        InternalRow r = rows.next();
        if (rejects != null && fields.rejected(r)) {
          rejects.send(r);
        } else if (judged != null && fields.judged(r)) {
          judged.send(r);
        } else {
          next = r;
        }
      }
      return next != null;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      InternalRow r = next;
      next = null;
      return r;
    }
  }

  void writePartition(Iterator<InternalRow> rows) {
    if (!rows.hasNext()) {
      return;
    }
    try (PointWriter writer = writers.open()) {
      RetryingWriter retrying =
          new RetryingWriter(
              writer, settings.retry(), d -> Thread.sleep(d.toMillis()), settings.url());
      Points chunk = new Points();
      while (rows.hasNext()) {
        appendPoint(chunk.next(), rows.next());
        if (chunk.count() >= settings.batchSize()) {
          retrying.write(chunk);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        retrying.write(chunk);
      }
    }
  }

  /** Writes the point of {@code row} to {@code out}. */
  void appendPoint(StringBuilder out, InternalRow row) {
    WindowRowFields f = fields;
    WindowPoints.appendLineProtocol(
        out,
        settings.measurement(),
        WindowRowFields.text(row, f.site),
        WindowRowFields.text(row, f.line),
        WindowRowFields.text(row, f.machine),
        WindowRowFields.text(row, f.metric),
        WindowRowFields.text(row, f.window),
        row.getDouble(f.avg),
        row.getDouble(f.max),
        row.getDouble(f.min),
        row.getLong(f.count),
        f.windowEndMillis(row));
  }
}
