package io.plantwatch.analytics.windows;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.window;

import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Event-time window statistics per machine and metric: {@code site, line, machine, metric, window,
 * windowEnd, avg, max, min, count}, where {@code window} is the spec's label ({@code 5m/1m}) and
 * {@code windowEnd} the exclusive end of the window.
 */
public final class WindowStats {
  private WindowStats() {}

  /**
   * Readings ({@code id, site, line, machine, metric, value, eventTime}) without readings behind
   * the watermark and without repeated ids. A repeat is recognised while the first copy's event
   * time is within {@code watermark} of the watermark, which covers every repeat that would not be
   * dropped as late anyway: at-least-once delivery upstream never counts a reading twice.
   */
  public static Dataset<Row> deduplicated(Dataset<Row> readings, Duration watermark) {
    return readings
        .withWatermark("eventTime", watermark.toMillis() + " milliseconds")
        .dropDuplicatesWithinWatermark("id");
  }

  /**
   * Windows of {@code spec} over de-duplicated readings. The aggregate of a window is kept in state
   * until the watermark passes the window's end; each update emits the whole aggregate so far,
   * never a delta, so the last emission of a window is its final value.
   */
  public static Dataset<Row> of(Dataset<Row> deduplicated, WindowSpec spec) {
    return of(deduplicated, spec, false);
  }

  /**
   * As {@link #of(Dataset, WindowSpec)}, plus a {@code gateway} column (the greatest gateway id
   * among the window's readings: a machine normally sits behind one gateway) when {@code
   * withGateway}; the alert query needs it to tell a silent machine from an offline gateway.
   */
  public static Dataset<Row> of(Dataset<Row> deduplicated, WindowSpec spec, boolean withGateway) {
    org.apache.spark.sql.Column[] extra =
        withGateway
            ? new org.apache.spark.sql.Column[] {max(col("gateway")).as("gateway")}
            : new org.apache.spark.sql.Column[0];
    org.apache.spark.sql.Column[] extraOut =
        withGateway
            ? new org.apache.spark.sql.Column[] {col("gateway")}
            : new org.apache.spark.sql.Column[0];
    return deduplicated
        .groupBy(
            window(
                col("eventTime"),
                spec.length().toMillis() + " milliseconds",
                spec.slide().toMillis() + " milliseconds"),
            col("site"),
            col("line"),
            col("machine"),
            col("metric"))
        .agg(
            avg(col("value")).as("avg"),
            concat(
                new org.apache.spark.sql.Column[] {
                  max(col("value")).as("max"),
                  min(col("value")).as("min"),
                  count(lit(1)).as("count")
                },
                extra))
        .select(
            concat(
                new org.apache.spark.sql.Column[] {
                  col("site"),
                  col("line"),
                  col("machine"),
                  col("metric"),
                  lit(spec.label()).as("window"),
                  col("window.end").as("windowEnd"),
                  col("avg"),
                  col("max"),
                  col("min"),
                  col("count")
                },
                extraOut));
  }

  private static org.apache.spark.sql.Column[] concat(
      org.apache.spark.sql.Column[] a, org.apache.spark.sql.Column[] b) {
    org.apache.spark.sql.Column[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
