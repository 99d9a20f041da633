package io.plantwatch.analytics.topics;

import io.plantwatch.analytics.windows.WindowRowFields;
import io.plantwatch.analytics.windows.WindowSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A row of window statistics ({@code site, line, machine, metric, window, windowEnd, avg, max, min,
 * count, unit, gateway}) as a record of {@code telemetry.windows}: key {@code
 * ["site","line","machine","metric","5m/1m"]}, value {@code {"v":1,"site":…,…,"unit":…,
 * "window":…,"windowStart":ms,"windowEnd":ms,"avg":…,"max":…,"min":…,"count":…,"gateway":…}}.
 * {@code unit} and {@code gateway} are the greatest among the window's readings (one each in
 * practice), empty when the readings carried none.
 */
public final class WindowRecords implements RecordFormat {
  public static final int VERSION = 1;

  /** The value of a record, for Spark's {@code from_json}: the fields a reader of it needs. */
  public static final StructType SCHEMA =
      new StructType()
          .add("v", DataTypes.IntegerType)
          .add("site", DataTypes.StringType)
          .add("line", DataTypes.StringType)
          .add("machine", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("unit", DataTypes.StringType)
          .add("window", DataTypes.StringType)
          .add("windowStart", DataTypes.LongType)
          .add("windowEnd", DataTypes.LongType)
          .add("avg", DataTypes.DoubleType)
          .add("max", DataTypes.DoubleType)
          .add("min", DataTypes.DoubleType)
          .add("count", DataTypes.LongType)
          .add("gateway", DataTypes.StringType)
          .add(WindowRecords.EARLY, DataTypes.BooleanType);

  /**
   * Present, and true, only on the judged-windows topic's records of windows still filling whose
   * readings so far already cross a rule's bound ({@code JudgedWindows}).
   */
  public static final String EARLY = "early";

  // Rows of every window spec pass through one writer: a row's length comes from its label.
  private final Map<String, Long> lengthMs = new ConcurrentHashMap<>();

  private final WindowRowFields.Known fields = new WindowRowFields.Known();

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, Row row) {
    return new ProducerRecord<>(topic, key(row), value(row));
  }

  /** The record's key, as UTF-8 JSON. */
  public byte[] key(Row row) {
    WindowRowFields f = fields.of(row);
    return Json.array(
        row.getString(f.site),
        row.getString(f.line),
        row.getString(f.machine),
        row.getString(f.metric),
        row.getString(f.window));
  }

  /** The record's value, as UTF-8 JSON. */
  public byte[] value(Row row) {
    WindowRowFields f = fields.of(row);
    long end = f.windowEndMillis(row);
    String window = row.getString(f.window);
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("v", VERSION);
          g.writeStringField("site", row.getString(f.site));
          g.writeStringField("line", row.getString(f.line));
          g.writeStringField("machine", row.getString(f.machine));
          g.writeStringField("metric", row.getString(f.metric));
          g.writeStringField("unit", Json.text(WindowRowFields.text(row, f.unit)));
          g.writeStringField("window", window);
          g.writeNumberField("windowStart", end - lengthMs(window));
          g.writeNumberField("windowEnd", end);
          g.writeNumberField("avg", row.getDouble(f.avg));
          g.writeNumberField("max", row.getDouble(f.max));
          g.writeNumberField("min", row.getDouble(f.min));
          g.writeNumberField("count", row.getLong(f.count));
          g.writeStringField("gateway", Json.text(WindowRowFields.text(row, f.gateway)));
          if (f.early(row)) {
            g.writeBooleanField(EARLY, true);
          }
          g.writeEndObject();
        });
  }

  private long lengthMs(String label) {
    return lengthMs.computeIfAbsent(label, l -> WindowSpec.parse(l).length().toMillis());
  }
}
