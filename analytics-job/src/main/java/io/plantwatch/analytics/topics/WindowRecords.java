package io.plantwatch.analytics.topics;

import com.fasterxml.jackson.core.JsonGenerator;
import io.plantwatch.analytics.windows.WindowRowFields;
import io.plantwatch.analytics.windows.WindowSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A row of window statistics ({@code site, line, machine, metric, window, windowEnd, avg, max, min,
 * count, unit, gateway}) as a record of {@code telemetry.windows}: key {@code
 * ["site","line","machine","metric","5m/1m"]}, value {@code {"v":1,"site":…,…,"unit":…,
 * "window":…,"windowStart":ms,"windowEnd":ms,"avg":…,"max":…,"min":…,"count":…,"gateway":…}}.
 * {@code unit} and {@code gateway} are the greatest among the window's readings (one each in
 * practice), empty when the readings carried none.
 */
public final class WindowRecords implements RecordFormat<InternalRow> {
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

  // Rows of every window spec pass through one writer: a row's length comes from its label. Few
  // labels, looked up by Spark's own text of them, so that no row's label is decoded.
  private final Map<UTF8String, Long> lengthMs = new ConcurrentHashMap<>();

  private final WindowRowFields f;

  /** Records from rows of {@code schema}, the windows query's ({@link WindowRowFields}). */
  public WindowRecords(StructType schema) {
    f = WindowRowFields.of(schema);
  }

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, InternalRow row) {
    return new ProducerRecord<>(topic, key(row), value(row));
  }

  /** The record's key, as UTF-8 JSON. */
  public byte[] key(InternalRow row) {
    return Json.write(
        g -> {
          g.writeStartArray();
          utf8(g, row.getUTF8String(f.site));
          utf8(g, row.getUTF8String(f.line));
          utf8(g, row.getUTF8String(f.machine));
          utf8(g, row.getUTF8String(f.metric));
          utf8(g, row.getUTF8String(f.window));
          g.writeEndArray();
        });
  }

  /** The record's value, as UTF-8 JSON. */
  public byte[] value(InternalRow row) {
    long end = f.windowEndMillis(row);
    UTF8String window = row.getUTF8String(f.window);
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("v", VERSION);
          utf8Field(g, "site", row.getUTF8String(f.site));
          utf8Field(g, "line", row.getUTF8String(f.line));
          utf8Field(g, "machine", row.getUTF8String(f.machine));
          utf8Field(g, "metric", row.getUTF8String(f.metric));
          carriedField(g, "unit", WindowRowFields.utf8(row, f.unit));
          utf8Field(g, "window", window);
          g.writeNumberField("windowStart", end - lengthMs(window));
          g.writeNumberField("windowEnd", end);
          g.writeNumberField("avg", row.getDouble(f.avg));
          g.writeNumberField("max", row.getDouble(f.max));
          g.writeNumberField("min", row.getDouble(f.min));
          g.writeNumberField("count", row.getLong(f.count));
          carriedField(g, "gateway", WindowRowFields.utf8(row, f.gateway));
          if (f.early(row)) {
            g.writeBooleanField(EARLY, true);
          }
          g.writeEndObject();
        });
  }

  // Spark's text is UTF-8 already: written as it is, escaped, with no Java string in between.
  private static void utf8Field(JsonGenerator g, String name, UTF8String text) throws IOException {
    g.writeFieldName(name);
    utf8(g, text);
  }

  // A text the readings did not carry is empty, so consumers always see a text.
  private static void carriedField(JsonGenerator g, String name, UTF8String text)
      throws IOException {
    if (text == null) {
      g.writeStringField(name, "");
    } else {
      utf8Field(g, name, text);
    }
  }

  private static void utf8(JsonGenerator g, UTF8String text) throws IOException {
    if (text == null) {
      g.writeNull();
      return;
    }
    // The bytes where the row holds them (copied only when off the heap): a copy of each
    // (getBytes) cost more than decoding the whole row into Java objects had.
    ByteBuffer bytes = text.getByteBuffer();
    g.writeUTF8String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
  }

  private long lengthMs(UTF8String label) {
    Long known = lengthMs.get(label);
    if (known != null) {
      return known;
    }
    long length = WindowSpec.parse(label.toString()).length().toMillis();
    // The label points into a row Spark refills: the map keeps a copy, not the row's buffer.
    lengthMs.put(label.clone(), length);
    return length;
  }
}
