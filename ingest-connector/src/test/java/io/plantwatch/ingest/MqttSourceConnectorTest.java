package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.ingest.mqtt.UplinkSubscriber;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class MqttSourceConnectorTest {
  private final MqttSourceConnector connector = new MqttSourceConnector();

  private static Map<String, String> valid() {
    Map<String, String> p = new HashMap<>();
    p.put("name", "ingest");
    p.put("connector.class", MqttSourceConnector.class.getName());
    p.put("tasks.max", "2");
    p.put(MqttSourceConfig.BROKER_URI_CONFIG, "tcp://127.0.0.1:1883");
    return p;
  }

  /** Errors by field name; fields without errors are left out. */
  private Map<String, List<String>> errors(Map<String, String> props) {
    return connector.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  private Map<String, List<String>> errorsWith(String key, String value) {
    Map<String, String> p = valid();
    p.put(key, value);
    return errors(p);
  }

  @Test
  void theExampleConfigurationOfTheReadmeIsValid() throws Exception {
    JsonNode example =
        new ObjectMapper().readTree(Path.of("config/plantwatch-ingest.json").toFile());
    Map<String, String> props = new HashMap<>();
    example
        .get("config")
        .fields()
        .forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
    assertThat(errors(props)).isEmpty();
    assertThat(example.get("config").get("connector.class").asText())
        .isEqualTo(MqttSourceConnector.class.getName());
  }

  @Test
  void defaultsFollowTheDesign() {
    MqttSourceConfig c = new MqttSourceConfig(valid());
    assertThat(c.topicFilters()).containsExactly("plantwatch/uplink/+/readings");
    assertThat(c.topic()).isEqualTo("telemetry.readings");
    assertThat(c.rejectedTopic()).isEqualTo("telemetry.rejected");
    assertThat(c.qos()).isEqualTo(1);
    assertThat(c.ackAfterKafka()).isTrue();
    assertThat(c.sharedGroup()).isEqualTo("plantwatch-ingest");
    assertThat(c.statusTopic()).isEqualTo("telemetry.gateway-status");
    assertThat(c.statusTopicFilters()).containsExactly("plantwatch/uplink/+/status");
    assertThat(c.readingHeaders())
        .containsExactly(
            "plantwatch.gateway",
            "plantwatch.batch",
            "plantwatch.envelope.version",
            "mqtt.topic",
            "mqtt.dup");
  }

  @Test
  void readingHeadersAreChosenByNameOrLeftOutAndAnUnknownNameIsRefused() {
    Map<String, String> p = valid();
    p.put(MqttSourceConfig.READING_HEADERS_CONFIG, "mqtt.dup, plantwatch.batch");
    assertThat(new MqttSourceConfig(p).readingHeaders())
        .containsExactly("plantwatch.batch", "mqtt.dup");
    p.put(MqttSourceConfig.READING_HEADERS_CONFIG, "");
    assertThat(new MqttSourceConfig(p).readingHeaders()).isEmpty();
    assertThat(errorsWith(MqttSourceConfig.READING_HEADERS_CONFIG, "plantwatch.gateway,gateway"))
        .containsOnlyKeys(MqttSourceConfig.READING_HEADERS_CONFIG);
  }

  @Test
  void statusFiltersAreSubscribedWithoutSharingByTaskZeroOnly() {
    connector.start(valid());
    List<Map<String, String>> tasks = connector.taskConfigs(3);
    List<List<String>> subscribed =
        tasks.stream()
            .map(MqttSourceConfig::forTask)
            .map(
                c ->
                    java.util.Arrays.stream(UplinkSubscriber.subscriptions(c.sessionSettings()))
                        .map(org.eclipse.paho.mqttv5.common.MqttSubscription::getTopic)
                        .toList())
            .toList();
    assertThat(subscribed.get(0))
        .containsExactly(
            "$share/plantwatch-ingest/plantwatch/uplink/+/readings",
            "$share/plantwatch-ingest/plantwatch/uplink/+/rejected",
            "plantwatch/uplink/+/status");
    assertThat(subscribed.get(1))
        .containsExactly(
            "$share/plantwatch-ingest/plantwatch/uplink/+/readings",
            "$share/plantwatch-ingest/plantwatch/uplink/+/rejected");
    assertThat(subscribed.get(2)).isEqualTo(subscribed.get(1));
    assertThat(tasks)
        .extracting(t -> MqttSourceConfig.forTask(t).forwardsStatuses())
        .containsExactly(true, false, false);
  }

  @Test
  void anEmptyStatusTopicTurnsForwardingOff() {
    Map<String, String> p = valid();
    p.put(MqttSourceConfig.STATUS_TOPIC_CONFIG, "");
    assertThat(errors(p)).isEmpty();
    connector.start(p);
    MqttSourceConfig task0 = MqttSourceConfig.forTask(connector.taskConfigs(2).get(0));
    assertThat(task0.forwardsStatuses()).isFalse();
    assertThat(UplinkSubscriber.subscriptions(task0.sessionSettings()))
        .extracting(org.eclipse.paho.mqttv5.common.MqttSubscription::getTopic)
        .containsExactly(
            "$share/plantwatch-ingest/plantwatch/uplink/+/readings",
            "$share/plantwatch-ingest/plantwatch/uplink/+/rejected");
  }

  @Test
  void statusFiltersThatAreSharedInvalidOrOverlapTheReadingsAreRefusedOnTheirField() {
    assertThat(errorsWith(MqttSourceConfig.STATUS_TOPICS_CONFIG, "$share/g/plantwatch/+/status"))
        .containsOnlyKeys(MqttSourceConfig.STATUS_TOPICS_CONFIG)
        .extractingByKey(MqttSourceConfig.STATUS_TOPICS_CONFIG)
        .asString()
        .contains("without sharing");
    assertThat(errorsWith(MqttSourceConfig.STATUS_TOPICS_CONFIG, "plantwatch/#/status"))
        .containsOnlyKeys(MqttSourceConfig.STATUS_TOPICS_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.STATUS_TOPICS_CONFIG, ""))
        .containsOnlyKeys(MqttSourceConfig.STATUS_TOPICS_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.TOPICS_CONFIG, "plantwatch/uplink/#"))
        .containsOnlyKeys(MqttSourceConfig.STATUS_TOPICS_CONFIG)
        .extractingByKey(MqttSourceConfig.STATUS_TOPICS_CONFIG)
        .asString()
        .contains("overlaps", "plantwatch/uplink/#");
    assertThat(errorsWith(MqttSourceConfig.STATUS_TOPIC_CONFIG, "bad\ntopic"))
        .containsOnlyKeys(MqttSourceConfig.STATUS_TOPIC_CONFIG);

    Map<String, String> overlapping = valid();
    overlapping.put(MqttSourceConfig.TOPICS_CONFIG, "plantwatch/uplink/#");
    assertThatThrownBy(() -> connector.start(overlapping))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MqttSourceConfig.STATUS_TOPICS_CONFIG);
    overlapping.put(MqttSourceConfig.STATUS_TOPIC_CONFIG, "");
    assertThat(errors(overlapping)).isEmpty();
  }

  @Test
  void aMissingOrMalformedBrokerUriIsReportedOnThatField() {
    Map<String, String> p = valid();
    p.remove(MqttSourceConfig.BROKER_URI_CONFIG);
    assertThat(errors(p)).containsOnlyKeys(MqttSourceConfig.BROKER_URI_CONFIG);

    assertThat(errorsWith(MqttSourceConfig.BROKER_URI_CONFIG, "http://broker:1883"))
        .containsOnlyKeys(MqttSourceConfig.BROKER_URI_CONFIG)
        .extractingByKey(MqttSourceConfig.BROKER_URI_CONFIG)
        .asString()
        .contains("tcp, ssl, ws, wss");
    assertThat(errorsWith(MqttSourceConfig.BROKER_URI_CONFIG, "tcp://:1883"))
        .containsOnlyKeys(MqttSourceConfig.BROKER_URI_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.BROKER_URI_CONFIG, "tcp://bro ker:1883"))
        .containsOnlyKeys(MqttSourceConfig.BROKER_URI_CONFIG);
  }

  @Test
  void emptyOrInvalidTopicFiltersAreReportedOnThatField() {
    assertThat(errorsWith(MqttSourceConfig.TOPICS_CONFIG, ""))
        .containsOnlyKeys(MqttSourceConfig.TOPICS_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.TOPICS_CONFIG, "plantwatch/#/readings"))
        .containsOnlyKeys(MqttSourceConfig.TOPICS_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.TOPICS_CONFIG, "$share/g/plantwatch/+/readings"))
        .extractingByKey(MqttSourceConfig.TOPICS_CONFIG)
        .asString()
        .contains(MqttSourceConfig.SHARED_GROUP_CONFIG);
  }

  @Test
  void severalTasksWithoutASharedGroupAreRefused() {
    assertThat(errorsWith(MqttSourceConfig.SHARED_GROUP_CONFIG, ""))
        .containsOnlyKeys(MqttSourceConfig.SHARED_GROUP_CONFIG);
    Map<String, String> oneTask = valid();
    oneTask.put("tasks.max", "1");
    oneTask.put(MqttSourceConfig.SHARED_GROUP_CONFIG, "");
    assertThat(errors(oneTask)).isEmpty();
    assertThat(errorsWith(MqttSourceConfig.SHARED_GROUP_CONFIG, "a/b"))
        .containsOnlyKeys(MqttSourceConfig.SHARED_GROUP_CONFIG);
  }

  @Test
  void outOfRangeNumbersAndUnknownChoicesNameTheirField() {
    assertThat(errorsWith(MqttSourceConfig.QOS_CONFIG, "3"))
        .containsOnlyKeys(MqttSourceConfig.QOS_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.RECEIVE_MAXIMUM_CONFIG, "0"))
        .containsOnlyKeys(MqttSourceConfig.RECEIVE_MAXIMUM_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.ACK_MODE_CONFIG, "never"))
        .containsOnlyKeys(MqttSourceConfig.ACK_MODE_CONFIG);
    assertThat(errorsWith(MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "100"))
        .containsOnlyKeys(MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG);
  }

  @Test
  void aMissingTrustStoreFileIsReportedOnItsPath() {
    assertThat(errorsWith(MqttSourceConfig.TRUSTSTORE_PATH_CONFIG, "/nonexistent/trust.p12"))
        .containsOnlyKeys(MqttSourceConfig.TRUSTSTORE_PATH_CONFIG);
  }

  @Test
  void aMisspeltConnectorSettingIsRefusedWithASuggestionAndItsValueIsNotEchoed() {
    Map<String, ConfigValue> byName = new HashMap<>();
    Map<String, String> p = valid();
    p.put("mqtt.pasword", "hunter2");
    connector.validate(p).configValues().forEach(v -> byName.put(v.name(), v));
    assertThat(byName.get("mqtt.pasword").errorMessages())
        .singleElement()
        .asString()
        .contains("did you mean mqtt.password");
    assertThat(byName.get("mqtt.pasword").value()).isNull();
  }

  @Test
  void unknownSettingsOfKafkasConvertersAreRefused() {
    Map<String, String> p = valid();
    p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.put("value.converter.schemas.enabled", "false");
    assertThat(errors(p))
        .containsOnlyKeys("value.converter.schemas.enabled")
        .extractingByKey("value.converter.schemas.enabled")
        .asString()
        .contains("schemas.enable");
  }

  @Test
  void aValueConverterThatCannotWriteStructsIsRefused() {
    assertThat(
            errorsWith("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"))
        .containsOnlyKeys("value.converter");
  }

  @Test
  void startFailsFastNamingTheField() {
    Map<String, String> p = valid();
    p.put(MqttSourceConfig.BROKER_URI_CONFIG, "mqtt://x");
    assertThatThrownBy(() -> connector.start(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MqttSourceConfig.BROKER_URI_CONFIG);
  }

  @Test
  void eachTaskGetsItsIndexForAStableClientId() {
    connector.start(valid());
    List<Map<String, String>> tasks = connector.taskConfigs(3);
    assertThat(tasks).hasSize(3);
    assertThat(tasks)
        .extracting(t -> MqttSourceConfig.forTask(t).clientId())
        .containsExactly("plantwatch-ingest-0", "plantwatch-ingest-1", "plantwatch-ingest-2");
  }

  @Test
  void withoutASharedGroupOnlyOneTaskRuns() {
    Map<String, String> p = valid();
    p.put(MqttSourceConfig.SHARED_GROUP_CONFIG, "");
    connector.start(p);
    assertThat(connector.taskConfigs(4)).hasSize(1);
  }

  @Test
  void passwordsAreNeverShownInTheParsedConfiguration() {
    Map<String, String> p = valid();
    p.put(MqttSourceConfig.PASSWORD_CONFIG, "hunter2");
    p.put(MqttSourceConfig.TRUSTSTORE_PASSWORD_CONFIG, "changeit-secret");
    MqttSourceConfig c = new MqttSourceConfig(p);
    assertThat(c.values().toString()).doesNotContain("hunter2").doesNotContain("changeit-secret");
    assertThat(c.tls().toString()).doesNotContain("changeit-secret");
    assertThat(c.password().value()).isEqualTo("hunter2");
    Map<String, String> task = new HashMap<>(p);
    task.put(MqttSourceConfig.TASK_INDEX_CONFIG, "0");
    assertThat(MqttSourceConfig.forTask(task).sessionSettings().toString())
        .doesNotContain("hunter2")
        .doesNotContain("changeit-secret");
  }

  @Test
  void everySettingIsDocumentedAndGrouped() {
    MqttSourceConfig.CONFIG_DEF
        .configKeys()
        .values()
        .forEach(
            k -> {
              assertThat(k.documentation).as(k.name).isNotBlank();
              assertThat(k.group).as(k.name).isNotBlank();
              assertThat(k.displayName).as(k.name).isNotBlank();
            });
  }
}
