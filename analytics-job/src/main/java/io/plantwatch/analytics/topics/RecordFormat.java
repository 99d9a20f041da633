package io.plantwatch.analytics.topics;

import java.io.Serializable;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;

/** How one output row becomes a Kafka record of a topic the job writes. */
public interface RecordFormat extends Serializable {
  ProducerRecord<byte[], byte[]> record(String topic, Row row);
}
