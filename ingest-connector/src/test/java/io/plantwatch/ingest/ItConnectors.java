package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantwatch.testsupport.ConnectCluster;
import io.plantwatch.testsupport.MosquittoBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Connector configurations and waits shared by the integration tests. */
public final class ItConnectors {
  /** Generous: the build machine is small and shared. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

  private ItConnectors() {}

  /**
   * A connector of its own per test: its own MQTT topics (readings and status), client ids, shared
   * group and Kafka topics (created here), so tests cannot see each other's messages.
   */
  public static Map<String, String> config(
      ConnectCluster connect, MosquittoBroker broker, String name, String gateway, int partitions) {
    createTopic(connect, name + ".readings", partitions);
    createTopic(connect, name + ".rejected", 1);
    createTopic(connect, name + ".status", 1);
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", MqttSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put(MqttSourceConfig.BROKER_URI_CONFIG, broker.uri());
    c.put(MqttSourceConfig.TOPICS_CONFIG, "plantwatch/uplink/" + gateway + "/readings");
    c.put(MqttSourceConfig.CLIENT_ID_PREFIX_CONFIG, name);
    c.put(MqttSourceConfig.SHARED_GROUP_CONFIG, name);
    c.put(MqttSourceConfig.TOPIC_CONFIG, name + ".readings");
    c.put(MqttSourceConfig.REJECTED_TOPIC_CONFIG, name + ".rejected");
    c.put(MqttSourceConfig.STATUS_TOPICS_CONFIG, "plantwatch/uplink/" + gateway + "/status");
    c.put(MqttSourceConfig.STATUS_TOPIC_CONFIG, name + ".status");
    c.put(MqttSourceConfig.RECONNECT_BACKOFF_INITIAL_MS_CONFIG, "200");
    c.put(MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    return c;
  }

  /**
   * Without time retention: readings carry their event time (November 2024 in {@link
   * TestReadings}), and with the default 7 days the broker's first retention pass, about 30 s after
   * it starts, would delete them while a test is still reading.
   */
  public static void createTopic(ConnectCluster connect, String topic, int partitions) {
    connect.raw().kafka().createTopic(topic, partitions, 1, Map.of("retention.ms", "-1"));
  }

  /** RUNNING in Connect is not yet subscribed in MQTT: waits for the subscription too. */
  public static void awaitSubscribed(ConnectCluster connect, String name, int tasks)
      throws Exception {
    connect.awaitRunning(name, tasks, TIMEOUT);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              for (int t = 0; t < tasks; t++) {
                assertThat(TaskJmx.read(name, t, "mqtt-connected")).as("task %d", t).isEqualTo(1.0);
              }
            });
  }
}
