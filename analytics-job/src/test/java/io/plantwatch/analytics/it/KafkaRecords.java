package io.plantwatch.analytics.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Kafka records as Spark's Kafka source gives them, built from values, for the parse step. */
public final class KafkaRecords {
  private static final StructType SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType);

  private KafkaRecords() {}

  /** One record per value (null allowed), key {@code m}, partition 0, offsets 0, 1, 2, … */
  public static Dataset<Row> of(List<byte[]> values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      rows.add(
          RowFactory.create(
              "m".getBytes(StandardCharsets.UTF_8), values.get(i), "readings", 0, (long) i));
    }
    return LocalSpark.session().createDataFrame(rows, SCHEMA);
  }
}
