package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.ingest.KafkaReadings.Row;
import io.plantwatch.ingest.records.ReadingSchema;
import io.plantwatch.ingest.records.RecordHeaders;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.ConnectCluster;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector in a real Connect worker, reading from a real Mosquitto. */
class MqttSourceConnectorIT {
  private static final Duration TIMEOUT = ItConnectors.TIMEOUT;

  @RegisterExtension static final MosquittoBroker broker = new MosquittoBroker();
  @RegisterExtension static final ConnectCluster connect = new ConnectCluster();

  private static Map<String, String> connector(String name, String gateway, int partitions) {
    return ItConnectors.config(connect, broker, name, gateway, partitions);
  }

  private static void publish(String gateway, long fromBatch, long toBatch, int size)
      throws Exception {
    try (UplinkPublisher pub =
        UplinkPublisher.connect(broker, "pub-" + gateway + "-" + fromBatch)) {
      for (long b = fromBatch; b < toBatch; b++) {
        pub.publish(
            "plantwatch/uplink/" + gateway + "/readings", TestReadings.encoded(gateway, b, size));
      }
    }
  }

  private static String taskState(String name) {
    return connect.status(name).tasks().get(0).state();
  }

  @Test
  void batchesBecomeOneRecordPerReadingKeyedByMachineInOrderWithSchemaAndHeaders()
      throws Exception {
    String name = "layout";
    Map<String, String> c = connector(name, "gw-layout", 3);
    c.put("value.converter.schemas.enable", "true");
    connect.configureConnector(name, c);
    ItConnectors.awaitSubscribed(connect, name, 1);

    publish("gw-layout", 0, 30, 8);

    List<String> expected = TestReadings.ids("gw-layout", 30, 8);
    JsonConverter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "true"), false);
    List<ConsumerRecord<byte[], byte[]>> records =
        connect.consume(name + ".readings", expected.size(), TIMEOUT);
    List<Reading> readings = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      SchemaAndValue value = json.toConnectData(name + ".readings", r.value());
      assertThat(value.schema().name()).isEqualTo("io.plantwatch.Reading");
      assertThat(value.schema().version()).isEqualTo(1);
      Reading reading =
          ReadingSchema.fromStruct((org.apache.kafka.connect.data.Struct) value.value());
      readings.add(reading);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(reading.machine());
      assertThat(r.timestamp()).isEqualTo(reading.ts());
      long seq = Long.parseLong(reading.id().substring("gw-layout-".length()));
      assertThat(header(r, RecordHeaders.GATEWAY)).isEqualTo("gw-layout");
      assertThat(header(r, RecordHeaders.BATCH)).isEqualTo(Long.toString(seq / 8));
      assertThat(header(r, RecordHeaders.ENVELOPE_VERSION)).isEqualTo("1");
    }
    assertThat(readings).extracting(Reading::id).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(readings)
        .containsAll(
            List.of(
                TestReadings.reading("gw-layout", 0, TestReadings.MACHINES.get(0)),
                TestReadings.reading("gw-layout", 239, TestReadings.MACHINES.get(3))));

    Map<String, List<ConsumerRecord<byte[], byte[]>>> byMachine =
        records.stream()
            .collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8)));
    assertThat(byMachine).containsOnlyKeys(TestReadings.MACHINES);
    byMachine.forEach(
        (machine, list) -> {
          assertThat(list)
              .extracting(ConsumerRecord::partition)
              .as(machine)
              .containsOnly(list.get(0).partition());
          List<Long> offsets = list.stream().map(ConsumerRecord::offset).toList();
          assertThat(offsets).as("%s read in offset order", machine).isSorted();
          List<Long> seqs =
              list.stream()
                  .map(r -> json.toConnectData(name + ".readings", r.value()))
                  .map(
                      v ->
                          ReadingSchema.fromStruct(
                              (org.apache.kafka.connect.data.Struct) v.value()))
                  .map(rd -> Long.parseLong(rd.id().substring("gw-layout-".length())))
                  .toList();
          assertThat(seqs).as("%s readings in gateway order", machine).isSorted();
        });
  }

  @Test
  void withTwoTasksBothReceiveAndEveryReadingArrivesExactlyOnce() throws Exception {
    String name = "shared";
    Map<String, String> c = connector(name, "+", 3);
    c.put(
        MqttSourceConfig.TOPICS_CONFIG,
        "plantwatch/uplink/gw-shared-a/readings,plantwatch/uplink/gw-shared-b/readings");
    c.put("tasks.max", "2");
    connect.configureConnector(name, c);
    ItConnectors.awaitSubscribed(connect, name, 2);

    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.Future<Object> other =
        pool.submit(
            () -> {
              publish("gw-shared-b", 0, 100, 5);
              return null;
            });
    publish("gw-shared-a", 0, 100, 5);
    other.get();
    pool.shutdown();

    List<String> expected = new ArrayList<>(TestReadings.ids("gw-shared-a", 100, 5));
    expected.addAll(TestReadings.ids("gw-shared-b", 100, 5));
    List<Row> rows =
        KafkaReadings.awaitIds(connect.bootstrapServers(), name + ".readings", expected, TIMEOUT);
    assertThat(rows)
        .extracting(r -> r.reading().id())
        .containsExactlyInAnyOrderElementsOf(expected);

    double task0 = TaskJmx.read(name, 0, "messages-received-total");
    double task1 = TaskJmx.read(name, 1, "messages-received-total");
    assertThat(task0).as("task 0 messages").isPositive();
    assertThat(task1).as("task 1 messages").isPositive();
    assertThat(task0 + task1).isEqualTo(200.0);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        TaskJmx.read(name, 0, "acks-outstanding")
                            + TaskJmx.read(name, 1, "acks-outstanding"))
                    .isZero());
    assertThat(
            TaskJmx.read(name, 0, "records-produced-total")
                + TaskJmx.read(name, 1, "records-produced-total"))
        .as("records made by both tasks: none doubled")
        .isEqualTo(1000.0);
  }

  @Test
  void afterTheBrokerRestartsMidStreamTheTaskResumesByItselfAndNoReadingIsMissing()
      throws Exception {
    String name = "restart";
    connect.configureConnector(name, connector(name, "gw-restart", 2));
    ItConnectors.awaitSubscribed(connect, name, 1);

    int batches = 300;
    int size = 10;
    ExecutorService gateway = Executors.newSingleThreadExecutor();
    Future<Integer> publishing =
        gateway.submit(() -> publishThroughOutages(name, "gw-restart", batches, size));

    // Mid-stream: the connector has written some readings and the gateway is still publishing.
    await().atMost(TIMEOUT).until(() -> TaskJmx.read(name, 0, "records-committed-total") >= 200);
    broker.stop();
    boolean gatewayStillPublishing = !publishing.isDone();
    broker.start();
    int republished = publishing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    gateway.shutdown();

    List<String> expected = TestReadings.ids("gw-restart", batches, size);
    List<Row> rows =
        KafkaReadings.awaitIds(connect.bootstrapServers(), name + ".readings", expected, TIMEOUT);
    assertThat(gatewayStillPublishing).as("the broker stopped mid-stream").isTrue();
    assertThat(rows.stream().map(r -> r.reading().id()).distinct())
        .as("no reading missing (%d batches published again after the outage)", republished)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(taskState(name)).isEqualTo("RUNNING");
    assertThat(TaskJmx.read(name, 0, "mqtt-reconnects-total")).isGreaterThanOrEqualTo(1.0);
    assertThat(TaskJmx.read(name, 0, "mqtt-connected")).isEqualTo(1.0);
  }

  /**
   * Publishes like a gateway's store-and-forward queue: one batch at a time, and after a broker
   * outage it reconnects and sends again the batch that was not acknowledged. Returns how many
   * batches had to be sent again.
   *
   * <p>It resumes only once the connector has reconnected too: Mosquitto 2.0.11 does not queue
   * messages for a persistent session (shared or not) between its own restart and that client's
   * reconnection, so readings published in that window would be lost by the broker, whatever the
   * connector does.
   */
  private static int publishThroughOutages(String connector, String gateway, int batches, int size)
      throws Exception {
    int republished = 0;
    int b = 0;
    while (b < batches) {
      try (UplinkPublisher pub = UplinkPublisher.connect(broker, "pub-" + gateway)) {
        for (; b < batches; b++) {
          pub.publish(
              "plantwatch/uplink/" + gateway + "/readings", TestReadings.encoded(gateway, b, size));
          pub.flush();
          // A gateway's pace, so that the outage falls in the middle of the stream.
          TimeUnit.MILLISECONDS.sleep(10);
        }
      } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
        republished++;
        await()
            .atMost(TIMEOUT)
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    broker.isRunning()
                        && TaskJmx.read(connector, 0, "mqtt-reconnects-total") >= 1
                        && TaskJmx.read(connector, 0, "mqtt-connected") == 1.0);
      }
    }
    return republished;
  }

  @Test
  void undecodablePayloadsGoToTheRejectedTopicWithReasonHeadersAndTheTaskKeepsRunning()
      throws Exception {
    String name = "rejects";
    connect.configureConnector(name, connector(name, "gw-rejects", 1));
    ItConnectors.awaitSubscribed(connect, name, 1);

    byte[] notJson = "temperature=71.2".getBytes(StandardCharsets.UTF_8);
    byte[] futureVersion =
        "{\"v\":9,\"gateway\":\"gw-rejects\",\"batch\":1,\"readings\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] binary = {(byte) 0xff, 0x00, (byte) 0xfe};
    try (UplinkPublisher pub = UplinkPublisher.connect(broker, "pub-rejects")) {
      pub.publish("plantwatch/uplink/gw-rejects/readings", notJson);
      pub.publish("plantwatch/uplink/gw-rejects/readings", futureVersion);
      pub.publish("plantwatch/uplink/gw-rejects/readings", binary);
      pub.publish(
          "plantwatch/uplink/gw-rejects/readings", TestReadings.encoded("gw-rejects", 0, 3));
    }

    List<ConsumerRecord<byte[], byte[]>> rejected = connect.consume(name + ".rejected", 3, TIMEOUT);
    assertThat(rejected).hasSize(3);
    assertThat(rejected)
        .extracting(r -> header(r, RecordHeaders.REASON))
        .containsExactly("malformed_json", "unknown_version", "malformed_json");
    assertThat(rejected)
        .extracting(r -> header(r, RecordHeaders.GATEWAY))
        .containsOnly("gw-rejects");
    assertThat(rejected)
        .extracting(r -> header(r, RecordHeaders.MQTT_TOPIC))
        .containsOnly("plantwatch/uplink/gw-rejects/readings");
    assertThat(rejected)
        .allSatisfy(r -> assertThat(header(r, RecordHeaders.REASON_DETAIL)).isNotBlank());
    // JsonConverter writes Connect BYTES as a base64 JSON string.
    assertThat(rejected)
        .extracting(
            r ->
                Base64.getDecoder()
                    .decode(new String(r.value(), StandardCharsets.UTF_8).replace("\"", "")))
        .containsExactly(notJson, futureVersion, binary);

    List<Row> rows =
        KafkaReadings.awaitIds(
            connect.bootstrapServers(),
            name + ".readings",
            TestReadings.ids("gw-rejects", 1, 3),
            TIMEOUT);
    assertThat(rows)
        .extracting(r -> r.reading().id())
        .containsExactlyElementsOf(TestReadings.ids("gw-rejects", 1, 3));
    assertThat(taskState(name)).isEqualTo("RUNNING");
    assertThat(TaskJmx.read(name, 0, "records-rejected-total")).isEqualTo(3.0);
  }

  @Test
  void retainedGatewayStatusesReachTheStatusTopicOncePerPublishKeyedByGatewayWithTwoTasks()
      throws Exception {
    String name = "statuses";
    Map<String, String> c = connector(name, "gw-status-a", 1);
    c.put(MqttSourceConfig.STATUS_TOPICS_CONFIG, "plantwatch/uplink/+/status");
    c.put("tasks.max", "2");
    String topicA = "plantwatch/uplink/gw-status-a/status";
    String topicB = "plantwatch/uplink/gw-status-b/status";
    String aOnline =
        "{\"v\":1,\"gateway\":\"gw-status-a\",\"state\":\"online\",\"ts\":1700000000000,"
            + "\"queued\":0,\"oldestQueuedMs\":0,\"startedAt\":1699999990000}";
    String aOffline =
        "{\"v\":1,\"gateway\":\"gw-status-a\",\"state\":\"offline\",\"ts\":1700000005000,"
            + "\"reason\":\"connection lost\"}";
    String bOnline =
        "{\"v\":1,\"gateway\":\"gw-status-b\",\"state\":\"online\",\"ts\":1700000006000,"
            + "\"queued\":12,\"oldestQueuedMs\":3000,\"startedAt\":1699999000000}";
    String noState = "{\"v\":1,\"gateway\":\"gw-status-b\",\"ts\":1700000007000}";
    try {
      // Retained before the connector exists: it reaches only a subscription that is not shared.
      try (UplinkPublisher pub = UplinkPublisher.connect(broker, "pub-status-1")) {
        pub.publishRetained(topicA, utf8(aOnline));
      }
      connect.configureConnector(name, c);
      ItConnectors.awaitSubscribed(connect, name, 2);
      await().atMost(TIMEOUT).until(() -> TaskJmx.read(name, 0, "status-records-total") >= 1.0);

      try (UplinkPublisher pub = UplinkPublisher.connect(broker, "pub-status-2")) {
        pub.publishRetained(topicA, utf8(aOffline));
        pub.publishRetained(topicB, utf8(bOnline));
        pub.publish(topicB, utf8(noState));
        pub.publish(
            "plantwatch/uplink/gw-status-a/readings", TestReadings.encoded("gw-status-a", 0, 2));
      }
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(TaskJmx.read(name, 0, "records-rejected-total")).isEqualTo(1.0);
                assertThat(TaskJmx.read(name, 0, "status-records-total")).isEqualTo(3.0);
                assertThat(
                        TaskJmx.read(name, 0, "acks-outstanding")
                            + TaskJmx.read(name, 1, "acks-outstanding"))
                    .isZero();
                assertThat(
                        TaskJmx.read(name, 0, "records-produced-total")
                            + TaskJmx.read(name, 1, "records-produced-total"))
                    .isEqualTo(2.0);
              });

      // Asks for one more than expected: a status forwarded by both tasks would show up here.
      List<ConsumerRecord<byte[], byte[]>> statuses =
          connect.consume(name + ".status", 4, Duration.ofSeconds(5));
      assertThat(statuses).hasSize(3);
      ObjectMapper json = new ObjectMapper();
      Map<String, List<JsonNode>> byGateway = new java.util.LinkedHashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : statuses) {
        byGateway
            .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(json.readTree(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(header(r, RecordHeaders.GATEWAY))
            .isEqualTo(new String(r.key(), StandardCharsets.UTF_8));
      }
      assertThat(byGateway)
          .containsOnlyKeys("gw-status-a", "gw-status-b")
          .containsEntry("gw-status-a", List.of(json.readTree(aOnline), json.readTree(aOffline)))
          .containsEntry("gw-status-b", List.of(json.readTree(bOnline)));
      assertThat(TaskJmx.read(name, 1, "status-records-total")).isZero();

      List<ConsumerRecord<byte[], byte[]>> rejected =
          connect.consume(name + ".rejected", 1, TIMEOUT);
      assertThat(rejected).hasSize(1);
      assertThat(header(rejected.get(0), RecordHeaders.REASON)).isEqualTo("missing_field");
      assertThat(header(rejected.get(0), RecordHeaders.GATEWAY)).isEqualTo("gw-status-b");
      assertThat(header(rejected.get(0), RecordHeaders.MQTT_TOPIC)).isEqualTo(topicB);

      List<Row> rows =
          KafkaReadings.awaitIds(
              connect.bootstrapServers(),
              name + ".readings",
              TestReadings.ids("gw-status-a", 1, 2),
              TIMEOUT);
      assertThat(rows)
          .extracting(r -> r.reading().id())
          .containsExactlyElementsOf(TestReadings.ids("gw-status-a", 1, 2));
    } finally {
      connect.deleteConnector(name);
      // Later subscribers to plantwatch/uplink/+/status must not get this test's statuses.
      try (UplinkPublisher pub = UplinkPublisher.connect(broker, "pub-status-clear")) {
        pub.publishRetained(topicA, new byte[0]);
        pub.publishRetained(topicB, new byte[0]);
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void badConfigurationsAreRefusedByValidateNamingTheField() {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", MqttSourceConnector.class.getName());
    c.put("name", "bad");
    c.put("tasks.max", "2");
    c.put(MqttSourceConfig.BROKER_URI_CONFIG, "mqtt//no-scheme");
    c.put(MqttSourceConfig.TOPICS_CONFIG, "");
    c.put(MqttSourceConfig.SHARED_GROUP_CONFIG, "");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schema.enable", "false");

    ConfigInfos infos =
        connect.raw().validateConnectorConfig(MqttSourceConnector.class.getSimpleName(), c);

    Map<String, List<String>> errors =
        infos.values().stream()
            .map(ConfigInfo::configValue)
            .filter(v -> v != null && !v.errors().isEmpty())
            .collect(Collectors.toMap(v -> v.name(), v -> v.errors()));
    assertThat(errors)
        .containsOnlyKeys(
            MqttSourceConfig.BROKER_URI_CONFIG,
            MqttSourceConfig.TOPICS_CONFIG,
            MqttSourceConfig.SHARED_GROUP_CONFIG,
            "value.converter.schema.enable");
    assertThat(infos.errorCount()).isEqualTo(4);
  }

  @Test
  void overTlsWithAPasswordReadingsArriveAndAWrongPasswordFailsTheTaskNamingTheSetting()
      throws Exception {
    try (MosquittoBroker secure = MosquittoBroker.withTlsAndPassword()) {
      secure.start();
      String name = "tls";
      Map<String, String> c = connector(name, "gw-tls", 1);
      c.put(MqttSourceConfig.BROKER_URI_CONFIG, secure.uri());
      c.put(MqttSourceConfig.USERNAME_CONFIG, MosquittoBroker.USER);
      c.put(MqttSourceConfig.PASSWORD_CONFIG, MosquittoBroker.PASSWORD);
      c.put(MqttSourceConfig.TRUSTSTORE_PATH_CONFIG, secure.certificates().trustStore().toString());
      c.put(MqttSourceConfig.TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.STORE_PASSWORD);
      connect.configureConnector(name, c);
      ItConnectors.awaitSubscribed(connect, name, 1);
      try (UplinkPublisher pub = UplinkPublisher.connect(secure, "pub-tls", true)) {
        pub.publish("plantwatch/uplink/gw-tls/readings", TestReadings.encoded("gw-tls", 0, 4));
      }
      List<Row> rows =
          KafkaReadings.awaitIds(
              connect.bootstrapServers(),
              name + ".readings",
              TestReadings.ids("gw-tls", 1, 4),
              TIMEOUT);
      assertThat(rows)
          .extracting(r -> r.reading().id())
          .containsExactlyElementsOf(TestReadings.ids("gw-tls", 1, 4));

      String wrong = "tls-wrong";
      Map<String, String> w = connector(wrong, "gw-tls", 1);
      w.putAll(c);
      w.put(MqttSourceConfig.CLIENT_ID_PREFIX_CONFIG, wrong);
      w.put(MqttSourceConfig.PASSWORD_CONFIG, "not-the-password");
      connect.configureConnector(wrong, w);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                var task = connect.status(wrong).tasks();
                assertThat(task).isNotEmpty();
                assertThat(task.get(0).state()).isEqualTo("FAILED");
                assertThat(task.get(0).trace())
                    .contains("mqtt.password")
                    .doesNotContain("not-the-password");
              });
      connect.deleteConnector(wrong);
      connect.deleteConnector(name);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
