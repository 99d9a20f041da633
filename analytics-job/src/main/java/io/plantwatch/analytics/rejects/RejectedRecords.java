package io.plantwatch.analytics.rejects;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;

import io.plantwatch.analytics.topics.RecordFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The records of the rejected topic: same key as the original, a {@code reason} header, and a JSON
 * value {@code {"v":1,"source":"analytics-job","topic", "partition","offset","reason",
 * "detail","payload","size","truncated"}} where {@code payload} is the original value capped at
 * {@code maxPayloadChars} and {@code size} its length in bytes. The value is computed in the plan
 * ({@link #value}) for rejected records only; the windows query carries it, with the original key
 * and the reason, in the columns {@value #KEY}, {@value #VALUE} and {@code reason} to its sink,
 * which publishes it in the same pass that writes the windows. The count of rejected rows per batch
 * is observed as {@value #OBSERVATION}.{@code rows} in the query's progress.
 */
public final class RejectedRecords implements RecordFormat<InternalRow> {
  public static final String OBSERVATION = "rejected";
  public static final String REASON_HEADER = "reason";

  /** The column holding a rejected record's original Kafka key. */
  public static final String KEY = "rejectKey";

  /** The column holding a rejected record's JSON value. */
  public static final String VALUE = "rejectValue";

  static final int FORMAT_VERSION = 1;

  private final int key;
  private final int value;
  private final int reason;

  /**
   * Records from rows of {@code schema}, which has the columns {@value #KEY}, {@value #VALUE},
   * reason.
   */
  public RejectedRecords(StructType schema) {
    key = schema.fieldIndex(KEY);
    value = schema.fieldIndex(VALUE);
    reason = schema.fieldIndex("reason");
  }

  /**
   * The JSON value of a rejected record, from the columns {@code topic, partition, offset, reason,
   * detail} and the original {@code payload}.
   */
  public static Column value(Column payload, int maxPayloadChars) {
    return json(
        substring(payload, 1, maxPayloadChars).as("payload"),
        octet_length(payload),
        length(payload).gt(maxPayloadChars));
  }

  /**
   * The JSON value of a rejected binary record (readings format {@code avro}): as {@link #value},
   * but the original bytes, capped at {@code maxPayloadBytes}, in {@code payloadBase64}, as the
   * gateway's quarantine records carry payloads that are not text.
   */
  public static Column binaryValue(Column payload, int maxPayloadBytes) {
    return json(
        base64(substring(payload, 1, maxPayloadBytes)).as("payloadBase64"),
        octet_length(payload),
        octet_length(payload).gt(maxPayloadBytes));
  }

  private static Column json(Column payload, Column size, Column truncated) {
    return to_json(
        struct(
            lit(FORMAT_VERSION).as("v"),
            lit("analytics-job").as("source"),
            col("topic"),
            col("partition"),
            col("offset"),
            col("reason"),
            col("detail"),
            payload,
            size.as("size"),
            truncated.as("truncated")));
  }

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, InternalRow row) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            row.isNullAt(key) ? null : row.getBinary(key),
            row.getUTF8String(value).getBytes());
    record.headers().add(REASON_HEADER, row.getUTF8String(reason).getBytes());
    return record;
  }
}
