package io.plantwatch.stack;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The pipeline's Kafka topics (contract 4), created when missing. */
final class Topics {
  static final String READINGS = "telemetry.readings";
  static final String REJECTED = "telemetry.rejected";
  static final String ALERTS = "maintenance.alerts";

  private Topics() {}

  static void ensure(String bootstrap, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String topic : List.of(READINGS, REJECTED, ALERTS)) {
        try {
          admin
              .createTopics(
                  List.of(new NewTopic(topic, topic.equals(READINGS) ? partitions : 1, (short) 1)))
              .all()
              .get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }
}
