package io.plantwatch.analytics.topics;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;

/** How one output row becomes a Kafka record of a computed topic: its key and its JSON value. */
public interface RecordFormat extends Serializable {
  String key(Row row);

  String value(Row row);

  /** The record for {@code topic}: key and value as UTF-8, no headers. */
  default ProducerRecord<byte[], byte[]> record(String topic, Row row) {
    return new ProducerRecord<>(
        topic,
        key(row).getBytes(StandardCharsets.UTF_8),
        value(row).getBytes(StandardCharsets.UTF_8));
  }
}
