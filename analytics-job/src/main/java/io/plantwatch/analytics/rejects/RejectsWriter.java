package io.plantwatch.analytics.rejects;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns rejected records into the records of the rejected topic: same key as the original, a {@code
 * reason} header, and a JSON value {@code {"v":1,"source":"analytics-job","topic",
 * "partition","offset","reason","detail","payload","size","truncated"}} where {@code payload} is
 * the original value capped at {@code maxPayloadChars} and {@code size} its length in bytes. The
 * count of rejected rows per batch is observed as {@value #OBSERVATION}.{@code rows} in the query's
 * progress.
 */
public final class RejectsWriter {
  public static final String OBSERVATION = "rejected";
  public static final String REASON_HEADER = "reason";
  static final int FORMAT_VERSION = 1;

  private RejectsWriter() {}

  /** Records ready for Spark's Kafka sink: {@code key, value, headers}. */
  public static Dataset<Row> records(Dataset<Row> rejected, int maxPayloadChars) {
    Column payload = col("payload");
    Column value =
        to_json(
            struct(
                lit(FORMAT_VERSION).as("v"),
                lit("analytics-job").as("source"),
                col("topic"),
                col("partition"),
                col("offset"),
                col("reason"),
                col("detail"),
                substring(payload, 1, maxPayloadChars).as("payload"),
                octet_length(payload).as("size"),
                length(payload).gt(maxPayloadChars).as("truncated")));
    Column headers =
        array(
            struct(
                lit(REASON_HEADER).as("key"),
                col("reason").cast(DataTypes.BinaryType).as("value")));
    return rejected
        .observe(OBSERVATION, count(lit(1)).as("rows"))
        .select(col("key"), value.as("value"), headers.as("headers"));
  }
}
