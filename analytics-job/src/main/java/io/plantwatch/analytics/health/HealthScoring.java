package io.plantwatch.analytics.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import io.plantwatch.analytics.influx.InfluxSettings;
import io.plantwatch.analytics.influx.InfluxWriters;
import io.plantwatch.analytics.influx.LineProtocol;
import io.plantwatch.analytics.influx.PointWriter;
import io.plantwatch.analytics.influx.Points;
import io.plantwatch.analytics.influx.RetryingWriter;
import io.plantwatch.analytics.topics.TopicPublisher;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

/**
 * Health scoring in the stream: valid readings → per machine, tumbling windows of one cycle closed
 * by the watermark ({@link MachineWindows}) → features → the model → InfluxDB measurement {@code
 * machine_health} (tags {@code line,machine,model,site}, fields {@code
 * rul_cycles,rul_low,rul_high}, time = the end of the window scored).
 */
public final class HealthScoring {
  public static final String QUERY = "plantwatch-health";

  private HealthScoring() {}

  /** Per machine and closed window: {@code site, line, machine, windowEnd, cycles, features}. */
  public static Dataset<HealthFeatures> features(
      Dataset<Row> validReadings, Features spec, Duration cycle, Duration watermark) {
    return validReadings
        .withWatermark("eventTime", watermark.toMillis() + " milliseconds")
        .groupByKey(
            (MapFunction<Row, String>)
                r -> r.getAs("site") + "\u0000" + r.getAs("line") + "\u0000" + r.getAs("machine"),
            Encoders.STRING())
        .flatMapGroupsWithState(
            new MachineWindows(spec, cycle.toMillis()),
            OutputMode.Append(),
            Encoders.javaSerialization(MachineWindows.State.class),
            Encoders.bean(HealthFeatures.class),
            GroupStateTimeout.EventTimeTimeout());
  }

  /** The feature columns by name, from the {@code features} array. */
  public static Dataset<Row> featureColumns(Dataset<Row> features, Features spec) {
    List<Column> columns = new ArrayList<>();
    for (String c : List.of("site", "line", "machine", "windowEnd")) {
      columns.add(col(c));
    }
    List<String> names = spec.names();
    for (int i = 0; i < names.size(); i++) {
      columns.add(element_at(col("features"), i + 1).as(names.get(i)));
    }
    return features.select(columns.toArray(Column[]::new));
  }

  /**
   * The {@code foreachBatch} sink: scores a batch of features and writes its points, and with a
   * {@link TopicPublisher} publishes each score to the health topic in the same pass (scoring runs
   * once per batch; see {@code InfluxWindowSink} for why one pass).
   */
  public static final class Sink
      implements VoidFunction2<Dataset<HealthFeatures>, Long>, Serializable {
    private final HealthModel model;
    private final InfluxSettings settings;
    private final PointWriter.Factory writers;
    private final TopicPublisher<Row> topic;

    /** {@code topic} also receives every score; null = InfluxDB only. */
    public Sink(
        HealthModel model,
        InfluxSettings settings,
        PointWriter.Factory writers,
        TopicPublisher<Row> topic) {
      this.model = model;
      this.settings = settings;
      this.writers = writers;
      this.topic = topic;
    }

    public static Sink to(HealthModel model, InfluxSettings settings, TopicPublisher<Row> topic) {
      return new Sink(model, settings, InfluxWriters.factory(settings), topic);
    }

    @Override
    public void call(Dataset<HealthFeatures> batch, Long batchId) {
      Dataset<Row> scored =
          model
              .score(featureColumns(batch.toDF(), model.features()))
              .select("site", "line", "machine", "windowEnd", "rul_cycles", "rul_low", "rul_high");
      String modelName = model.manifest().name();
      InfluxSettings s = settings;
      PointWriter.Factory w = writers;
      TopicPublisher<Row> t = topic;
      scored.foreachPartition(
          (ForeachPartitionFunction<Row>)
              rows ->
                  TopicPublisher.alongside(
                      t, rows, published -> writePartition(published, modelName, s, w)));
    }

    static void writePartition(
        Iterator<Row> rows,
        String modelName,
        InfluxSettings settings,
        PointWriter.Factory writers) {
      if (!rows.hasNext()) {
        return;
      }
      try (PointWriter writer = writers.open()) {
        RetryingWriter retrying =
            new RetryingWriter(
                writer, settings.retry(), d -> Thread.sleep(d.toMillis()), settings.url());
        Points chunk = new Points();
        while (rows.hasNext()) {
          chunk.add(point(rows.next(), modelName, settings.measurement()));
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

    static String point(Row row, String modelName, String measurement) {
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("line", row.getAs("line"));
      tags.put("machine", row.getAs("machine"));
      tags.put("model", modelName);
      tags.put("site", row.getAs("site"));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("rul_cycles", row.<Double>getAs("rul_cycles"));
      fields.put("rul_low", row.<Double>getAs("rul_low"));
      fields.put("rul_high", row.<Double>getAs("rul_high"));
      return LineProtocol.point(measurement, tags, fields, row.<Long>getAs("windowEnd"));
    }
  }
}
