package io.plantwatch.analytics.windows;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import io.plantwatch.analytics.rejects.RejectedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.TimeMode;

/**
 * Event-time window statistics per machine and metric: {@code site, line, machine, metric, window,
 * windowEnd, avg, max, min, count}, where {@code window} is the spec's label ({@code 5m/1m}) and
 * {@code windowEnd} the exclusive end of the window; optionally followed by carried reading fields.
 */
public final class WindowStats {
  /** The windows query counts the windows it emits per batch under this observation name. */
  public static final String OBSERVATION = "windows";

  /** The reading's gateway: the alert query tells a silent machine from an offline gateway. */
  public static final String GATEWAY = "gateway";

  /** True on the rows the alert rules judge, null on the others ({@link JudgedWindows}). */
  public static final String JUDGED = SeriesWindows.JUDGED;

  /** The reading's canonical unit: the windows topic says in what unit avg, max and min are. */
  public static final String UNIT = "unit";

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
    return of(deduplicated, spec, List.of());
  }

  /**
   * As {@link #of(Dataset, WindowSpec)}, plus a {@code gateway} column when {@code withGateway}.
   */
  public static Dataset<Row> of(Dataset<Row> deduplicated, WindowSpec spec, boolean withGateway) {
    return of(deduplicated, spec, withGateway ? List.of(GATEWAY) : List.of());
  }

  /**
   * As {@link #of(Dataset, WindowSpec)}, plus one column per field of {@code carried} ({@link
   * #GATEWAY}, {@link #UNIT}): the greatest value among the window's readings, since a machine's
   * metric normally has one gateway and one canonical unit. Each carried field is part of the
   * query's state, so the list must not change while a checkpoint is resumed.
   */
  public static Dataset<Row> of(Dataset<Row> deduplicated, WindowSpec spec, List<String> carried) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(max(col("value")).as("max"));
    aggregates.add(min(col("value")).as("min"));
    aggregates.add(count(lit(1)).as("count"));
    List<Column> out =
        new ArrayList<>(
            List.of(
                col("site"),
                col("line"),
                col("machine"),
                col("metric"),
                lit(spec.label()).as("window"),
                col("window.end").as("windowEnd"),
                col("avg"),
                col("max"),
                col("min"),
                col("count")));
    for (String field : carried) {
      aggregates.add(max(col(field)).as(field));
      out.add(col(field));
    }
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
        .agg(avg(col("value")).as("avg"), aggregates.toArray(Column[]::new))
        .select(out.toArray(Column[]::new));
  }

  /**
   * The windows of every spec in {@code specs} over readings ({@code id, site, line, machine,
   * metric, unit, value, eventTime, gateway}), de-duplicated by id and behind-the-watermark ones
   * dropped, in one stateful step keyed by series ({@link SeriesWindows}): the same rows as {@link
   * #of(Dataset, WindowSpec, List)} over {@link #deduplicated} with {@link #UNIT} and {@link
   * #GATEWAY} carried, for each spec in turn, in update mode. Readings are folded into panes
   * instead of into each window they fall in, no aggregate buffer holds a string, and repeats are
   * found among the ids of one pane instead of in a state row per reading. The specs are part of
   * the state's meaning: a checkpoint must be resumed with the same list ({@link
   * WindowsCheckpoint}). Needs the RocksDB state store.
   *
   * <p>Given {@code ReadingParser.classified} rows, rejected records come out too, one row each
   * with {@code reason}, {@value RejectedRecords#KEY} and {@value RejectedRecords#VALUE} set and
   * every window column null.
   */
  public static Dataset<Row> ofEverySpec(
      Dataset<Row> readings, Duration watermark, List<WindowSpec> specs) {
    return ofEverySpec(readings, watermark, specs, JudgedWindows.none());
  }

  /**
   * As {@link #ofEverySpec(Dataset, Duration, List)}, plus the windows the alert rules read, each
   * once when final for them, with {@value SeriesWindows#JUDGED} true ({@link JudgedWindows}), and
   * the windows still filling that cross an early bound, with it false; on every other row it is
   * null. The judged specs not in {@code specs} are part of the state's meaning too ({@link
   * WindowsCheckpoint}).
   */
  public static Dataset<Row> ofEverySpec(
      Dataset<Row> readings, Duration watermark, List<WindowSpec> specs, JudgedWindows judged) {
    return ofEverySpec(readings, watermark, specs, judged, Duration.ZERO);
  }

  /**
   * As {@link #ofEverySpec(Dataset, Duration, List, JudgedWindows)}, with a series' changed windows
   * written at most every {@code emitEvery} (by the batches' time; zero = with every batch that
   * changes them), and at once when final: the last row of every window is still its final value.
   */
  public static Dataset<Row> ofEverySpec(
      Dataset<Row> readings,
      Duration watermark,
      List<WindowSpec> specs,
      JudgedWindows judged,
      Duration emitEvery) {
    // Rejected records have no series: they travel under a key per Kafka partition.
    Column key =
        hasColumn(readings, "reason")
            ? when(col("reason").isNull(), seriesKey())
                .otherwise(
                    concat(lit(SeriesWindows.REJECTED), col("rejectPartition").cast("string")))
            : seriesKey();
    // The step reads a reading's id, value, time, unit and gateway; its series comes with the key.
    // Naming the series once more in every row would have it shuffled and decoded for nothing.
    Dataset<Row> keyed =
        readings
            .withWatermark("eventTime", watermark.toMillis() + " milliseconds")
            .withColumn(SERIES_KEY, key)
            .drop("site", "line", "machine", "metric");
    return grouped(keyed)
        .transformWithState(
            new SeriesWindows(specs, judged, watermark, emitEvery),
            TimeMode.EventTime(),
            OutputMode.Update(),
            Encoders.row(SeriesWindows.OUT))
        .select(outputColumns());
  }

  /** {@link SeriesWindows#OUT} with {@code windowEndMs} as the time {@code windowEnd}. */
  private static Column[] outputColumns() {
    List<Column> out = new ArrayList<>();
    for (String name : SeriesWindows.OUT.fieldNames()) {
      out.add(name.equals("windowEndMs") ? timestamp_millis(col(name)).as("windowEnd") : col(name));
    }
    return out.toArray(Column[]::new);
  }

  /** The column holding each row's grouping key. */
  private static final String SERIES_KEY = "seriesKey";

  /**
   * A row's series, site to metric, as one text: U+0000 cannot occur in an identifier (control
   * characters are refused), so it separates them unambiguously.
   */
  public static Column seriesKey() {
    return concat_ws("\u0000", col("site"), col("line"), col("machine"), col("metric"));
  }

  /**
   * {@code rows} grouped by {@code key} for a stateful step. Grouped by a column, not by
   * groupByKey's function: a function needs every row turned into a Java Row (all its strings
   * copied) before the shuffle only to compute the key, which took a large share of the stage that
   * parses the records. The step's rows carry the key as one more column.
   */
  public static KeyValueGroupedDataset<String, Row> bySeries(Dataset<Row> rows, Column key) {
    return grouped(rows.withColumn(SERIES_KEY, key));
  }

  private static KeyValueGroupedDataset<String, Row> grouped(Dataset<Row> keyed) {
    return keyed.groupBy(col(SERIES_KEY)).as(Encoders.STRING(), Encoders.row(keyed.schema()));
  }

  private static boolean hasColumn(Dataset<Row> rows, String name) {
    return java.util.Arrays.asList(rows.columns()).contains(name);
  }
}
