package io.plantwatch.stack;

import io.plantwatch.telemetry.KafkaTopics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The pipeline's Kafka topics (contract 4), created when missing. */
public final class Topics {
  static final String READINGS = KafkaTopics.READINGS;
  static final String REJECTED = KafkaTopics.REJECTED;
  static final String ALERTS = KafkaTopics.ALERTS;

  /**
   * The gateways' status messages, as the connector forwards them; compacted: latest per gateway.
   */
  static final String GATEWAY_STATUS = KafkaTopics.GATEWAY_STATUS;

  private Topics() {}

  public static void ensure(String bootstrap, int partitions) throws Exception {
    ensure(bootstrap, partitions, (short) 1);
  }

  /** As a cluster needs them: every topic with {@code replicas} copies. */
  public static void ensure(String bootstrap, int partitions, short replicas) throws Exception {
    try (Admin admin =
        Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String topic : List.of(READINGS, REJECTED, ALERTS, GATEWAY_STATUS)) {
        NewTopic t = new NewTopic(topic, topic.equals(READINGS) ? partitions : 1, replicas);
        if (topic.equals(GATEWAY_STATUS)) {
          t.configs(java.util.Map.of("cleanup.policy", "compact"));
        }
        try {
          admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }
}
