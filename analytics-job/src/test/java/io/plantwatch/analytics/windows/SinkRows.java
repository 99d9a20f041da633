package io.plantwatch.analytics.windows;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the sinks' unit tests hand a sink: window rows as the windows query emits them. */
public final class SinkRows {
  private SinkRows() {}

  /** A window row's fields, without the unit and gateway it may carry. */
  public static final StructType WINDOW =
      new StructType()
          .add("site", DataTypes.StringType)
          .add("line", DataTypes.StringType)
          .add("machine", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("window", DataTypes.StringType)
          .add("windowEnd", DataTypes.TimestampType)
          .add("avg", DataTypes.DoubleType)
          .add("max", DataTypes.DoubleType)
          .add("min", DataTypes.DoubleType)
          .add("count", DataTypes.LongType);

  /** {@code row} in Spark's internal form (text as UTF-8, timestamps in microseconds). */
  public static InternalRow internal(Row row) {
    return (InternalRow) CatalystTypeConverters.createToCatalystConverter(row.schema()).apply(row);
  }

  /**
   * Turns rows into the form the windows sink reads them in: one {@code UnsafeRow} that Spark
   * refills for every row, as a partition's iterator hands them over.
   */
  public static java.util.function.Function<Row, InternalRow> reusedRow(StructType schema) {
    UnsafeProjection projection = UnsafeProjection.create(schema);
    return row -> projection.apply(internal(row));
  }
}
