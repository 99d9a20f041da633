package io.plantwatch.analytics.alerts.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest status of every gateway ({@code {"gateway":…,"state":"online"|"offline",…}}, as the
 * gateways publish it and the connector forwards it), read from a Kafka topic on the driver before
 * each alert batch is published. Unknown gateways count as online: without a status we blame nobody
 * but the machine, as before.
 */
public final class GatewayStatusView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayStatusView.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final KafkaConsumer<String, String> consumer;
  private final Map<String, String> states = new HashMap<>();
  private boolean assigned;

  public GatewayStatusView(String bootstrap, String topic) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
  }

  /** Reads what arrived since the last call; a missing topic just means no statuses yet. */
  public synchronized void refresh() {
    try {
      if (!assigned) {
        List<TopicPartition> parts =
            consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        if (parts.isEmpty()) {
          return;
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        assigned = true;
      }
      while (true) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          return;
        }
        for (ConsumerRecord<String, String> r : records) {
          accept(r.value());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("gateway status topic '{}' not readable: {}", topic, e.toString());
    }
  }

  void accept(String json) {
    if (json == null) {
      return; // a deletion marker of the compacted topic
    }
    try {
      JsonNode n = JSON.readTree(json);
      if (n != null && n.has("payload") && n.has("schema")) {
        n = n.get("payload"); // JsonConverter with schemas.enable=true
      }
      if (n != null && n.hasNonNull("gateway") && n.hasNonNull("state")) {
        states.put(n.get("gateway").asText(), n.get("state").asText());
      }
    } catch (java.io.IOException e) {
      LOG.warn("ignoring a gateway status that is not JSON: {}", e.getMessage());
    }
  }

  public synchronized boolean offline(String gateway) {
    return gateway != null && "offline".equals(states.get(gateway));
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
