package io.plantwatch.analytics.topics;

import java.io.Serializable;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How one output row becomes a Kafka record of a topic the job writes; {@code R} is the form the
 * sink reads its rows in (a Java {@code Row}, or Spark's internal row where every emitted window
 * passes).
 */
public interface RecordFormat<R> extends Serializable {
  ProducerRecord<byte[], byte[]> record(String topic, R row);
}
