package io.plantwatch.analytics.windows;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Where the fields of the rows the windows query emits are ({@link WindowStats}: site, line,
 * machine, metric, window, windowEnd, avg, max, min, count, and unit, gateway, judged and a
 * rejected record's columns when carried), found once from the query's schema.
 *
 * <p>The windows sink reads every emitted window in Spark's internal form, where the schema is not
 * at hand and timestamps are microseconds: building a Java {@code Row} of each (strings decoded,
 * timestamps as objects) took 7 % of the job's time at steady state, and looking each field up by
 * name per row a tenth of the sinks' time before that.
 */
public final class WindowRowFields implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  public final int site;
  public final int line;
  public final int machine;
  public final int metric;
  public final int window;
  public final int windowEnd;
  public final int avg;
  public final int max;
  public final int min;
  public final int count;

  /** -1 when the rows do not carry it. */
  public final int unit;

  /** -1 when the rows do not carry it. */
  public final int gateway;

  /** {@link WindowStats#JUDGED}; -1 when the rows do not carry it. */
  public final int judged;

  /** A rejected record's reason; -1 when the rows carry no rejected records. */
  public final int reason;

  private WindowRowFields(StructType schema) {
    names = schema.fieldNames();
    site = schema.fieldIndex("site");
    line = schema.fieldIndex("line");
    machine = schema.fieldIndex("machine");
    metric = schema.fieldIndex("metric");
    window = schema.fieldIndex("window");
    windowEnd = schema.fieldIndex("windowEnd");
    avg = schema.fieldIndex("avg");
    max = schema.fieldIndex("max");
    min = schema.fieldIndex("min");
    count = schema.fieldIndex("count");
    unit = optional(schema, WindowStats.UNIT);
    gateway = optional(schema, WindowStats.GATEWAY);
    judged = optional(schema, WindowStats.JUDGED);
    reason = optional(schema, "reason");
  }

  /** The fields of rows of {@code schema}; fails when it lacks one that every window row has. */
  public static WindowRowFields of(StructType schema) {
    return new WindowRowFields(schema);
  }

  /**
   * Fails unless rows of {@code schema} have their fields where these say: a sink built for one
   * shape of row must not read another.
   */
  public void check(StructType schema) {
    if (!Arrays.equals(names, schema.fieldNames())) {
      throw new IllegalStateException(
          "the windows query emits "
              + Arrays.toString(schema.fieldNames())
              + ", its sink was built for "
              + Arrays.toString(names));
    }
  }

  /** Whether the row is a rejected record, not a window. */
  public boolean rejected(InternalRow row) {
    return reason >= 0 && !row.isNullAt(reason);
  }

  /** Whether the row is a window for the alert rules ({@link JudgedWindows}), final or early. */
  public boolean judged(InternalRow row) {
    return judged >= 0 && !row.isNullAt(judged);
  }

  /** Whether the row is a window still filling, handed to the rules early (judged false). */
  public boolean early(InternalRow row) {
    return judged(row) && !row.getBoolean(judged);
  }

  /** The window's end in epoch milliseconds (Spark keeps timestamps in microseconds). */
  public long windowEndMillis(InternalRow row) {
    return Math.floorDiv(row.getLong(windowEnd), 1000L);
  }

  /** A text field as a Java string; null when absent from the schema or null in the row. */
  public static String text(InternalRow row, int index) {
    UTF8String s = utf8(row, index);
    return s == null ? null : s.toString();
  }

  /** A text field as Spark holds it; null when absent from the schema or null in the row. */
  public static UTF8String utf8(InternalRow row, int index) {
    return index < 0 || row.isNullAt(index) ? null : row.getUTF8String(index);
  }

  private static int optional(StructType schema, String name) {
    scala.Option<Object> i = schema.getFieldIndex(name);
    return i.isDefined() ? (Integer) i.get() : -1;
  }
}
