package io.plantwatch.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.ingest.IngestMetrics;
import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "plantwatch/uplink/gw-1/status";

  /** As the gateway's GatewayStatus writes them. */
  private static final String ONLINE =
      "{\"v\":1,\"gateway\":\"gw-1\",\"state\":\"online\",\"ts\":1700000000000,\"queued\":0,"
          + "\"oldestQueuedMs\":0,\"startedAt\":1699999990000}";

  private static final String OFFLINE =
      "{\"v\":1,\"gateway\":\"gw-1\",\"state\":\"offline\",\"ts\":1700000005000,"
          + "\"reason\":\"connection lost\"}";

  private final IngestMetrics metrics = new IngestMetrics("unit", 0, () -> 0, new MockTime(), 0);
  private final StatusRecords statuses =
      new StatusRecords("statuses", 4096, "rejected", 1024, metrics);
  private final List<Integer> acked = new ArrayList<>();

  @AfterEach
  void close() {
    metrics.close();
  }

  private Arrival arrival(String topic, String payload, int messageId) {
    return new Arrival(
        topic,
        payload.getBytes(StandardCharsets.UTF_8),
        messageId,
        1,
        false,
        1234L,
        a -> {
          acked.add(a.messageId());
          return true;
        },
        null,
        null);
  }

  @Test
  void aStatusBecomesOneRecordKeyedByItsGatewayWithTheStatusJsonAsValue() throws Exception {
    for (String payload : List.of(ONLINE, OFFLINE)) {
      SourceRecord r = statuses.from(arrival(TOPIC, payload, 5));

      assertThat(r.topic()).isEqualTo("statuses");
      assertThat(r.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
      assertThat(r.key()).isEqualTo("gw-1");
      assertThat(r.valueSchema()).isNull();
      assertThat(r.timestamp()).isEqualTo(1234L);
      assertThat(r.sourcePartition()).isNull();
      assertThat(header(r, RecordHeaders.GATEWAY)).isEqualTo("gw-1");
      assertThat(header(r, RecordHeaders.MQTT_TOPIC)).isEqualTo(TOPIC);
      assertThat(header(r, RecordHeaders.MQTT_DUPLICATE)).isEqualTo(false);

      // What the analytics job reads: the value as UTF-8 text is the status's JSON object.
      String written = new String(jsonWithoutSchemas(r), StandardCharsets.UTF_8);
      assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(payload));
    }
    assertThat(metrics.statusRecords()).isEqualTo(2);
    assertThat(metrics.rejectedTotal()).isZero();
  }

  @Test
  void theStatusIsAcknowledgedOnlyOnceKafkaHasItsRecord() {
    SourceRecord r = statuses.from(arrival(TOPIC, ONLINE, 8));
    assertThat(acked).isEmpty();
    ((TrackedRecord) r).recordCommitted();
    assertThat(acked).containsExactly(8);
  }

  @Test
  void onATopicOutsideTheLayoutTheKeyIsThePayloadsGateway() {
    SourceRecord r = statuses.from(arrival("site-a/gateways/status", ONLINE, 1));
    assertThat(r.topic()).isEqualTo("statuses");
    assertThat(r.key()).isEqualTo("gw-1");
  }

  @Test
  void numbersOfAnySizeAndNestedValuesSurviveJsonConverter() throws Exception {
    String payload =
        "{\"gateway\":\"gw-1\",\"state\":\"online\",\"big\":123456789012345678901234567890,"
            + "\"ratio\":0.25,\"ok\":true,\"none\":null,\"list\":[1,\"a\",{\"b\":2}]}";
    SourceRecord r = statuses.from(arrival(TOPIC, payload, 1));
    JsonNode written = JSON.readTree(jsonWithoutSchemas(r));
    assertThat(written.get("big").isNumber()).isTrue();
    assertThat(written.get("big").doubleValue()).isEqualTo(1.2345678901234568e29);
    assertThat(written.get("ratio").doubleValue()).isEqualTo(0.25);
    assertThat(written.get("none").isNull()).isTrue();
    assertThat(written.get("list")).isEqualTo(JSON.readTree("[1,\"a\",{\"b\":2}]"));
    assertThat(written.get("ok").booleanValue()).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "online | malformed_json",
        "{\"gateway\":\"gw-1\",\"state\": | malformed_json",
        "{\"gateway\":\"gw-1\",\"gateway\":\"gw-1\",\"state\":\"online\"} | malformed_json",
        "{\"gateway\":\"gw-1\",\"state\":\"online\"} {} | malformed_json",
        "[\"gw-1\",\"online\"] | wrong_type",
        "\"online\" | wrong_type",
        "{\"v\":1,\"gateway\":\"gw-1\",\"ts\":1} | missing_field",
        "{\"v\":1,\"state\":\"online\"} | missing_field",
        "{\"gateway\":\"gw-1\",\"state\":null} | missing_field",
        "{\"gateway\":\"gw-1\",\"state\":\"\"} | missing_field",
        "{\"gateway\":\"gw-1\",\"state\":1} | wrong_type",
        "{\"gateway\":7,\"state\":\"online\"} | wrong_type",
        "{\"gateway\":\"\",\"state\":\"online\"} | invalid_identifier",
        "{\"gateway\":\"gw-2\",\"state\":\"online\"} | topic_mismatch",
      })
  void aPayloadThatIsNotAStatusGoesToTheRejectedTopicWithItsReason(String payload, String reason) {
    SourceRecord r = statuses.from(arrival(TOPIC, payload, 3));

    assertThat(r.topic()).isEqualTo("rejected");
    assertThat(r.key()).isEqualTo(TOPIC);
    assertThat((byte[]) r.value()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(header(r, RecordHeaders.REASON)).isEqualTo(reason);
    assertThat((String) header(r, RecordHeaders.REASON_DETAIL)).isNotBlank();
    assertThat(header(r, RecordHeaders.GATEWAY)).isEqualTo("gw-1");
    assertThat(metrics.rejectedFor(ReasonCode.fromWireName(reason))).isEqualTo(1);
    assertThat(metrics.statusRecords()).isZero();
    assertThat(acked).isEmpty();
    ((TrackedRecord) r).recordCommitted();
    assertThat(acked).containsExactly(3);
  }

  @Test
  void anEmptyOrOversizedPayloadIsRejected() {
    SourceRecord empty = statuses.from(arrival(TOPIC, "", 1));
    assertThat(header(empty, RecordHeaders.REASON)).isEqualTo("empty_payload");
    SourceRecord blank = statuses.from(arrival(TOPIC, "  ", 1));
    assertThat(header(blank, RecordHeaders.REASON)).isEqualTo("empty_payload");
    SourceRecord large =
        statuses.from(
            arrival(TOPIC, "{\"gateway\":\"gw-1\",\"state\":\"" + "x".repeat(5000) + "\"}", 2));
    assertThat(header(large, RecordHeaders.REASON)).isEqualTo("payload_too_large");
    assertThat(header(large, RecordHeaders.PAYLOAD_TRUNCATED)).isEqualTo(true);
  }

  private static byte[] jsonWithoutSchemas(SourceRecord r) {
    try (JsonConverter json = new JsonConverter()) {
      json.configure(Map.of("schemas.enable", "false"), false);
      return json.fromConnectData(r.topic(), r.valueSchema(), r.value());
    }
  }

  private static Object header(SourceRecord r, String name) {
    Header h = r.headers().lastWithName(name);
    assertThat(h).as("header %s", name).isNotNull();
    return h.value();
  }
}
