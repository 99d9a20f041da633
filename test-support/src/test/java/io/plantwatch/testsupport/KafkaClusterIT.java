package io.plantwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaClusterIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();

  @Test
  void producedRecordsCanBeConsumedInOrderPerKey() throws Exception {
    kafka.createTopic("telemetry.readings", 3);
    try (KafkaProducer<byte[], byte[]> p = kafka.producer(Map.of())) {
      for (int i = 0; i < 10; i++) {
        p.send(new ProducerRecord<>("telemetry.readings", bytes("press 7"), bytes("r" + i))).get();
      }
    }
    List<ConsumerRecord<byte[], byte[]>> records =
        kafka.consume("telemetry.readings", 10, Duration.ofSeconds(30));
    assertThat(records).hasSize(10);
    assertThat(records)
        .extracting(ConsumerRecord::partition)
        .containsOnly(records.get(0).partition());
    assertThat(records)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
