package io.plantwatch.analytics.windows;

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
}
