package io.plantwatch.analytics.it;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the windows-step ITs feed and compare: valid readings in, window rows out as text. */
final class WindowRowText {
  private WindowRowText() {}

  /** A valid reading, as {@code ReadingParser.valid} gives it to the windows step. */
  static final StructType VALID =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("site", DataTypes.StringType)
          .add("line", DataTypes.StringType)
          .add("machine", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("unit", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("eventTime", DataTypes.TimestampType)
          .add("gateway", DataTypes.StringType);

  /** A window row as text, doubles by their bits so that "equal" means to the last bit. */
  static String of(Row r) {
    return String.join(
        "|",
        r.getString(r.fieldIndex("site")),
        r.getString(r.fieldIndex("line")),
        r.getString(r.fieldIndex("machine")),
        r.getString(r.fieldIndex("metric")),
        r.getString(r.fieldIndex("window")),
        String.valueOf(((Timestamp) r.getAs("windowEnd")).getTime()),
        Long.toHexString(Double.doubleToLongBits(r.getDouble(r.fieldIndex("avg")))),
        String.valueOf(r.getDouble(r.fieldIndex("max"))),
        String.valueOf(r.getDouble(r.fieldIndex("min"))),
        String.valueOf(r.getLong(r.fieldIndex("count"))),
        String.valueOf(r.<String>getAs("unit")),
        String.valueOf(r.<String>getAs("gateway")));
  }
}
