package io.plantwatch.analytics.windows;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Where the fields of a window row ({@link WindowStats}: site, line, machine, metric, window,
 * windowEnd, avg, max, min, count, and unit and gateway when carried) are, found once per schema.
 * The sinks read every emitted window; looking each field up by name per row took a tenth of their
 * time in a profile of the job.
 */
public final class WindowRowFields {
  private final StructType schema;
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

  private WindowRowFields(StructType schema) {
    this.schema = schema;
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
  }

  /** Whether the row is a window still filling, handed to the rules early (judged false). */
  public boolean early(Row row) {
    return judged >= 0 && !row.isNullAt(judged) && !row.getBoolean(judged);
  }

  /**
   * The fields of the rows a sink is handed, found again only when a row's schema differs from the
   * last one's. Shipped to the executors with the sink; every task thread of it may ask.
   */
  public static final class Known implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    // Immutable once found; volatile so that every task thread sees it whole.
    private transient volatile WindowRowFields fields;

    public WindowRowFields of(Row row) {
      WindowRowFields f = fields;
      StructType s = row.schema();
      if (f == null || (f.schema != s && !f.schema.equals(s))) {
        f = new WindowRowFields(s);
        fields = f;
      }
      return f;
    }
  }

  /** The window's end in epoch milliseconds. */
  public long windowEndMillis(Row row) {
    return SparkTimestamps.epochMillis(row.get(windowEnd));
  }

  /** A text field that may be absent from the schema or null in the row: null then. */
  public static String text(Row row, int index) {
    return index < 0 ? null : row.getString(index);
  }

  private static int optional(StructType schema, String name) {
    scala.Option<Object> i = schema.getFieldIndex(name);
    return i.isDefined() ? (Integer) i.get() : -1;
  }
}
