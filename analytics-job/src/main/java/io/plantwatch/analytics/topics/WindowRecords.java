package io.plantwatch.analytics.topics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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

  // The names quoted and encoded once: written from Java strings, they were escaped and encoded
  // in every record, a quarter of the records' JSON time.
  private static final SerializableString V = new SerializedString("v");
  private static final SerializableString SITE = new SerializedString("site");
  private static final SerializableString LINE = new SerializedString("line");
  private static final SerializableString MACHINE = new SerializedString("machine");
  private static final SerializableString METRIC = new SerializedString("metric");
  private static final SerializableString UNIT = new SerializedString("unit");
  private static final SerializableString WINDOW = new SerializedString("window");
  private static final SerializableString WINDOW_START = new SerializedString("windowStart");
  private static final SerializableString WINDOW_END = new SerializedString("windowEnd");
  private static final SerializableString AVG = new SerializedString("avg");
  private static final SerializableString MAX = new SerializedString("max");
  private static final SerializableString MIN = new SerializedString("min");
  private static final SerializableString COUNT = new SerializedString("count");
  private static final SerializableString GATEWAY = new SerializedString("gateway");

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
          g.writeFieldName(V);
          g.writeNumber(VERSION);
          utf8Field(g, SITE, row.getUTF8String(f.site));
          utf8Field(g, LINE, row.getUTF8String(f.line));
          utf8Field(g, MACHINE, row.getUTF8String(f.machine));
          utf8Field(g, METRIC, row.getUTF8String(f.metric));
          carriedField(g, UNIT, WindowRowFields.utf8(row, f.unit));
          utf8Field(g, WINDOW, window);
          g.writeFieldName(WINDOW_START);
          g.writeNumber(end - lengthMs(window));
          g.writeFieldName(WINDOW_END);
          g.writeNumber(end);
          g.writeFieldName(AVG);
          g.writeNumber(row.getDouble(f.avg));
          g.writeFieldName(MAX);
          g.writeNumber(row.getDouble(f.max));
          g.writeFieldName(MIN);
          g.writeNumber(row.getDouble(f.min));
          g.writeFieldName(COUNT);
          g.writeNumber(row.getLong(f.count));
          carriedField(g, GATEWAY, WindowRowFields.utf8(row, f.gateway));
          if (f.early(row)) {
            g.writeBooleanField(EARLY, true);
          }
          g.writeEndObject();
        });
  }

  // Spark's text is UTF-8 already: written as it is, escaped, with no Java string in between.
  private static void utf8Field(JsonGenerator g, SerializableString name, UTF8String text)
      throws IOException {
    g.writeFieldName(name);
    utf8(g, text);
  }

  // A text the readings did not carry is empty, so consumers always see a text.
  private static void carriedField(JsonGenerator g, SerializableString name, UTF8String text)
      throws IOException {
    if (text == null) {
      g.writeFieldName(name);
      g.writeString("");
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
