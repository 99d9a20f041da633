package io.plantwatch.analytics.alerts.stream;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;

import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.rules.PredictedLifeRule;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.source.ReadingParser;
import io.plantwatch.analytics.topics.WindowRecords;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.analytics.windows.WindowStats;
import io.plantwatch.telemetry.ReadingFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

/**
 * The alert transitions of the rules that read one window spec: de-duplicated readings → that
 * spec's windows, each emitted once when the watermark closes it (append mode: rules judge final
 * numbers, never a window still filling) → per machine and metric, the lifecycle of every rule
 * watching it, kept in Spark's state store and so in the checkpoint.
 */
public final class AlertQuery {
  /** The start of every alert query's name. */
  public static final String PREFIX = "plantwatch-alerts-";

  private AlertQuery() {}

  /** The query name for the rules of {@code spec}. */
  public static String name(WindowSpec spec) {
    return PREFIX + spec.id();
  }

  /** The window specs the rules read, in rule order. */
  public static List<WindowSpec> windows(RuleSet rules) {
    Set<WindowSpec> out = new LinkedHashSet<>();
    for (Rule r : rules.rules()) {
      if (!(r instanceof PredictedLifeRule)) {
        out.add(WindowSpec.parse(r.window()));
      }
    }
    return List.copyOf(out);
  }

  /** Whether any rule reads the health model's scores. */
  public static boolean readsHealth(RuleSet rules) {
    return rules.rules().stream().anyMatch(r -> r instanceof PredictedLifeRule);
  }

  /**
   * The transitions of the {@code predicted_life} rules: scored health rows ({@code site, line,
   * machine, windowEnd (epoch ms), rul_cycles, rul_high}) become one observation per field in
   * window {@value PredictedLifeRule#WINDOW}, judged by the same stateful step as the window rules.
   */
  public static Dataset<RaisedAlert> healthTransitions(
      Dataset<Row> scored, RuleSet rules, AlertLifecycle lifecycle) {
    List<Column> observations = new ArrayList<>();
    for (String field : PredictedLifeRule.FIELDS) {
      observations.add(
          struct(
              lit(field).as("metric"),
              col(field).as("avg"),
              col(field).as("max"),
              col(field).as("min")));
    }
    Dataset<Row> rows =
        scored
            .withColumn("o", explode(array(observations.toArray(Column[]::new))))
            .select(
                col("site"),
                col("line"),
                col("machine"),
                col("o.metric").as("metric"),
                lit(PredictedLifeRule.WINDOW).as("window"),
                timestamp_millis(col("windowEnd")).as("windowEnd"),
                col("o.avg").as("avg"),
                col("o.max").as("max"),
                col("o.min").as("min"),
                lit(1L).as("count"),
                lit(null).cast("string").as("gateway"));
    return judged(rows, rules, lifecycle);
  }

  /**
   * The transitions of the rules on {@code spec}'s windows, from the raw Kafka {@code records}:
   * only those that mention a metric the rules read are parsed.
   */
  public static Dataset<RaisedAlert> transitions(
      Dataset<Row> records,
      ReadingFormat format,
      Duration watermark,
      WindowSpec spec,
      RuleSet rules,
      AlertLifecycle lifecycle) {
    String[] metrics =
        rules.rules().stream()
            .filter(r -> !(r instanceof PredictedLifeRule))
            .filter(r -> WindowSpec.parse(r.window()).equals(spec))
            .map(Rule::metric)
            .distinct()
            .toArray(String[]::new);
    Dataset<Row> watched =
        ReadingParser.valid(ReadingParser.mentioning(records, List.of(metrics)), format)
            .filter(col("metric").isin((Object[]) metrics));
    Dataset<Row> windows = WindowStats.of(WindowStats.deduplicated(watched, watermark), spec, true);
    return judged(windows, rules, lifecycle);
  }

  /** The name of the query judging the windows the windows query hands over. */
  public static final String JUDGED = PREFIX + "judged";

  /**
   * The transitions of the rules on the windows the windows query judged for them, from the Kafka
   * {@code records} of the judged-windows topic (each window final for the rules, sent once, or
   * again when a micro-batch is replayed: the lifecycle ignores a window it has judged), and of the
   * windows still filling that already cross a rule's bound ({@link WindowRecords#EARLY}).
   */
  public static Dataset<RaisedAlert> judgedTransitions(
      Dataset<Row> records, RuleSet rules, AlertLifecycle lifecycle) {
    Dataset<Row> windows =
        records
            .where(not(col("key").cast("string").eqNullSafe(lit(StaleCheckTicks.KEY))))
            .select(from_json(col("value").cast("string"), WindowRecords.SCHEMA).as("w"))
            .select(
                col("w.site").as("site"),
                col("w.line").as("line"),
                col("w.machine").as("machine"),
                col("w.metric").as("metric"),
                col("w.window").as("window"),
                timestamp_millis(col("w.windowEnd")).as("windowEnd"),
                col("w.avg").as("avg"),
                col("w.max").as("max"),
                col("w.min").as("min"),
                col("w.count").as("count"),
                // The topic writes an absent gateway as "".
                when(col("w.gateway").equalTo(""), lit(null).cast("string"))
                    .otherwise(col("w.gateway"))
                    .as("gateway"),
                coalesce(col("w." + WindowRecords.EARLY), lit(false)).as(WindowRecords.EARLY));
    return judged(windows, rules, lifecycle);
  }

  /** Window rows through the lifecycle, per machine and metric, state in the state store. */
  private static Dataset<RaisedAlert> judged(
      Dataset<Row> windows, RuleSet rules, AlertLifecycle lifecycle) {
    return WindowStats.bySeries(windows, WindowStats.seriesKey())
        .flatMapGroupsWithState(
            new AlertStateFunction(rules, lifecycle),
            OutputMode.Append(),
            Encoders.javaSerialization(MachineAlerts.class),
            Encoders.javaSerialization(RaisedAlert.class),
            GroupStateTimeout.ProcessingTimeTimeout());
  }
}
