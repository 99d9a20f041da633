package io.plantwatch.ingest;

import io.plantwatch.telemetry.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the connector's output back from Kafka, as records with their decoded reading. */
final class KafkaReadings {
  private KafkaReadings() {}

  /** A record of {@code telemetry.readings}, its value decoded with the wire codec. */
  record Row(ConsumerRecord<byte[], byte[]> record, Reading reading) {
    String key() {
      return new String(record.key(), StandardCharsets.UTF_8);
    }

    String header(String name) {
      Header h = record.headers().lastHeader(name);
      return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads {@code topic} from the start until every id in {@code expected} has been seen (once or
   * more) or {@code timeout} passes; returns every record read, duplicates included.
   */
  static List<Row> awaitIds(
      String bootstrap, String topic, Collection<String> expected, Duration timeout) {
    Set<String> missing = new HashSet<>(expected);
    List<Row> rows = new ArrayList<>();
    Map<String, Object> c =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Reading reading = TestReadings.CODEC.decodeReading(r.value()).value();
          missing.remove(reading.id());
          rows.add(new Row(r, reading));
        }
      }
      // Whatever else is already there, so a test can check nothing was doubled.
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        rows.add(new Row(r, TestReadings.CODEC.decodeReading(r.value()).value()));
      }
    }
    return rows;
  }
}
