package io.plantwatch.analytics.topics;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;

/** How one output row becomes a Kafka record of a topic the job writes. */
public interface RecordFormat extends Serializable {
  ProducerRecord<byte[], byte[]> record(String topic, Row row);

  /** A record whose key and value are texts, as UTF-8, without headers. */
  static ProducerRecord<byte[], byte[]> utf8(String topic, String key, String value) {
    return new ProducerRecord<>(
        topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }
}
