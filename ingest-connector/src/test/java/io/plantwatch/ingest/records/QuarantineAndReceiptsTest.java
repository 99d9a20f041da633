package io.plantwatch.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.ingest.IngestMetrics;
import io.plantwatch.ingest.TestReadings;
import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.RejectedRecord;
import io.plantwatch.telemetry.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gateway quarantine records reach the rejected topic; receipts wait for Kafka's last ack. */
class QuarantineAndReceiptsTest {
  private static final List<String> READINGS = List.of("plantwatch/uplink/+/readings");
  private static final List<String> QUARANTINE = List.of("plantwatch/uplink/+/rejected");
  private static final String RESPONSE = "plantwatch/uplink/gw-1/receipts";
  private static final byte[] CORRELATION =
      "{\"v\":1,\"kind\":\"readings\",\"first\":1,\"last\":3}".getBytes(StandardCharsets.UTF_8);

  private final IngestMetrics metrics = new IngestMetrics("unit", 0, () -> 0, new MockTime(), 0);
  private final List<Integer> acked = new ArrayList<>();
  private final List<Arrival> receipted = new ArrayList<>();
  private final UplinkRouting routing =
      new UplinkRouting(
          new UplinkRecords(new BatchCodec(), "readings", "rejected", 1024, metrics),
          null,
          READINGS,
          List.of(),
          new Rejects("rejected", 1024, metrics),
          QUARANTINE,
          metrics);

  @AfterEach
  void close() {
    metrics.close();
  }

  private Arrival arrival(String topic, byte[] payload, int id, String responseTopic) {
    return new Arrival(
        topic,
        payload,
        id,
        1,
        false,
        5L,
        new Arrival.Acknowledger() {
          @Override
          public boolean acknowledge(Arrival a) {
            acked.add(a.messageId());
            return true;
          }

          @Override
          public boolean sendReceipt(Arrival a) {
            receipted.add(a);
            return true;
          }
        },
        responseTopic,
        responseTopic == null ? null : CORRELATION);
  }

  @Test
  void aQuarantineRecordGoesToTheRejectedTopicWithItsReasonKeyedByTheDeviceTopic() {
    byte[] record =
        RejectedRecord.of(
                "gw-1",
                "plant/s/l/m 7/telemetry",
                new Rejection(ReasonCode.NON_FINITE_VALUE, "metrics.temperature: NaN"),
                1_700_000_000_000L,
                "{\"ts\":1,\"metrics\":{\"temperature\":NaN}}".getBytes(StandardCharsets.UTF_8),
                4096)
            .toJson();
    SourceRecord r =
        routing.from(arrival("plantwatch/uplink/gw-1/rejected", record, 9, RESPONSE)).get(0);
    assertThat(r.topic()).isEqualTo("rejected");
    assertThat(r.key()).isEqualTo("plant/s/l/m 7/telemetry");
    assertThat((byte[]) r.value()).isEqualTo(record);
    assertThat(r.headers().lastWithName(RecordHeaders.REASON).value())
        .isEqualTo("non_finite_value");
    assertThat(r.headers().lastWithName(RecordHeaders.GATEWAY).value()).isEqualTo("gw-1");
    assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(metrics.quarantineRecords()).isEqualTo(1);
  }

  @Test
  void aMessageOnAQuarantineTopicThatIsNoRecordIsRejectedNotDropped() {
    SourceRecord r =
        routing
            .from(
                arrival(
                    "plantwatch/uplink/gw-1/rejected",
                    "garbage".getBytes(StandardCharsets.UTF_8),
                    3,
                    null))
            .get(0);
    assertThat(r.topic()).isEqualTo("rejected");
    assertThat(r.headers().lastWithName(RecordHeaders.REASON).value()).isEqualTo("malformed_json");
    assertThat(metrics.rejectedFor(ReasonCode.MALFORMED_JSON)).isEqualTo(1);
  }

  @Test
  void theReceiptGoesOutWithTheAckOnceKafkaHasTheLastRecordOfTheMessage() {
    List<SourceRecord> records =
        routing.from(
            arrival(
                "plantwatch/uplink/gw-1/readings",
                TestReadings.encoded("gw-1", 0, 3),
                4,
                RESPONSE));
    assertThat(records).hasSize(3);
    ((TrackedRecord) records.get(0)).recordCommitted();
    ((TrackedRecord) records.get(2)).recordCommitted();
    assertThat(receipted).isEmpty();
    assertThat(acked).isEmpty();
    ((TrackedRecord) records.get(1)).recordCommitted();
    assertThat(acked).containsExactly(4);
    assertThat(receipted)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.responseTopic()).isEqualTo(RESPONSE);
              assertThat(a.correlationData()).isEqualTo(CORRELATION);
            });
    assertThat(metrics.receiptsSent()).isEqualTo(1);
  }

  @Test
  void aMessageThatAsksForNoReceiptGetsNone() {
    List<SourceRecord> records =
        routing.from(
            arrival(
                "plantwatch/uplink/gw-1/readings", TestReadings.encoded("gw-1", 0, 1), 5, null));
    ((TrackedRecord) records.get(0)).recordCommitted();
    assertThat(acked).containsExactly(5);
    assertThat(receipted).isEmpty();
  }
}
