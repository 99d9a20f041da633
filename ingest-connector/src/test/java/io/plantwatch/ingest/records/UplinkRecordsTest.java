package io.plantwatch.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.ingest.IngestMetrics;
import io.plantwatch.ingest.TestReadings;
import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.UplinkBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UplinkRecordsTest {
  private final IngestMetrics metrics = new IngestMetrics("unit", 0, () -> 0, new MockTime(), 0);
  private final UplinkRecords records =
      new UplinkRecords(new BatchCodec(), "readings", "rejected", 16, metrics);
  private final List<Integer> acked = new ArrayList<>();

  @AfterEach
  void close() {
    metrics.close();
  }

  private Arrival arrival(String topic, byte[] payload, int messageId, boolean dup) {
    return new Arrival(
        topic,
        payload,
        messageId,
        1,
        dup,
        1234L,
        a -> {
          acked.add(a.messageId());
          return true;
        },
        null,
        null);
  }

  @Test
  void oneRecordPerReadingKeyedByMachineWithTimestampAndHeaders() {
    UplinkBatch batch = TestReadings.batch("gw-1", 3, 4);
    List<SourceRecord> out =
        records.from(
            arrival("plantwatch/uplink/gw-1/readings", TestReadings.CODEC.encode(batch), 7, false));

    assertThat(out).hasSize(4);
    for (int i = 0; i < 4; i++) {
      SourceRecord r = out.get(i);
      assertThat(r.topic()).isEqualTo("readings");
      assertThat(r.key()).isEqualTo(batch.readings().get(i).machine());
      assertThat(r.timestamp()).isEqualTo(batch.readings().get(i).ts());
      assertThat(r.valueSchema()).isSameAs(ReadingSchema.SCHEMA);
      assertThat(ReadingSchema.fromStruct((Struct) r.value())).isEqualTo(batch.readings().get(i));
      assertThat(header(r, RecordHeaders.GATEWAY)).isEqualTo("gw-1");
      assertThat(header(r, RecordHeaders.BATCH)).isEqualTo(3L);
      assertThat(header(r, RecordHeaders.ENVELOPE_VERSION)).isEqualTo(1);
      assertThat(header(r, RecordHeaders.MQTT_TOPIC)).isEqualTo("plantwatch/uplink/gw-1/readings");
      assertThat(r.sourcePartition()).isNull();
    }
    assertThat(metrics.recordsProduced()).isEqualTo(4);
  }

  @Test
  void readingsCarryOnlyTheChosenHeadersEachInARecordOfItsOwn() {
    UplinkBatch batch = TestReadings.batch("gw-2", 5, 3);
    byte[] payload = TestReadings.CODEC.encode(batch);
    UplinkRecords some =
        new UplinkRecords(
            new BatchCodec(),
            "readings",
            "rejected",
            16,
            metrics,
            List.of(RecordHeaders.MQTT_DUPLICATE, RecordHeaders.BATCH));
    List<SourceRecord> out =
        some.from(arrival("plantwatch/uplink/gw-2/readings", payload, 3, true));
    assertThat(out).hasSize(3);
    for (SourceRecord r : out) {
      List<String> names = new ArrayList<>();
      r.headers().forEach(h -> names.add(h.key()));
      assertThat(names).containsExactly(RecordHeaders.BATCH, RecordHeaders.MQTT_DUPLICATE);
      assertThat(header(r, RecordHeaders.BATCH)).isEqualTo(5L);
      assertThat(header(r, RecordHeaders.MQTT_DUPLICATE)).isEqualTo(true);
    }
    // A transformation adding a header to one record leaves its siblings as they were.
    out.get(0).headers().addString("added", "x");
    assertThat(out.get(1).headers().lastWithName("added")).isNull();

    UplinkRecords none =
        new UplinkRecords(new BatchCodec(), "readings", "rejected", 16, metrics, List.of());
    List<SourceRecord> bare =
        none.from(arrival("plantwatch/uplink/gw-2/readings", payload, 4, false));
    assertThat(bare).hasSize(3).allSatisfy(r -> assertThat(r.headers().isEmpty()).isTrue());
    assertThat(ReadingSchema.fromStruct((Struct) bare.get(2).value()))
        .isEqualTo(batch.readings().get(2));
  }

  @Test
  void theMessageIsAcknowledgedOnlyWhenKafkaHasEveryRecordMadeFromIt() {
    List<SourceRecord> out =
        records.from(
            arrival(
                "plantwatch/uplink/gw-1/readings", TestReadings.encoded("gw-1", 0, 3), 9, false));

    commit(out.get(2));
    commit(out.get(0));
    assertThat(acked).isEmpty();
    assertThat(metrics.acksOutstanding()).isZero(); // nothing counted as received in this test
    commit(out.get(1));
    assertThat(acked).containsExactly(9);
  }

  @Test
  void redeliveriesAreTurnedIntoRecordsLikeAnyOtherMessage() {
    byte[] payload = TestReadings.encoded("gw-1", 0, 2);
    List<SourceRecord> first =
        records.from(arrival("plantwatch/uplink/gw-1/readings", payload, 1, false));
    List<SourceRecord> again =
        records.from(arrival("plantwatch/uplink/gw-1/readings", payload, 1, true));

    assertThat(again).hasSameSizeAs(first);
    assertThat(again)
        .extracting(SourceRecord::value)
        .isEqualTo(first.stream().map(SourceRecord::value).toList());
    assertThat(header(again.get(0), RecordHeaders.MQTT_DUPLICATE)).isEqualTo(true);
  }

  @Test
  void anEmptyBatchIsAcknowledgedAtOnce() {
    byte[] empty = TestReadings.CODEC.encode(UplinkBatch.of("gw-1", 5, List.of()));
    assertThat(records.from(arrival("plantwatch/uplink/gw-1/readings", empty, 4, false))).isEmpty();
    assertThat(acked).containsExactly(4);
  }

  @Test
  void anUndecodablePayloadBecomesOneRejectedRecordWithRawBytesAndReasonHeaders() {
    byte[] payload = "{\"v\":1,\"gateway\":\"gw-9\",".getBytes(StandardCharsets.UTF_8);
    List<SourceRecord> out =
        records.from(arrival("plantwatch/uplink/gw-9/readings", payload, 3, false));

    assertThat(out).hasSize(1);
    SourceRecord r = out.get(0);
    assertThat(r.topic()).isEqualTo("rejected");
    assertThat(r.key()).isEqualTo("plantwatch/uplink/gw-9/readings");
    assertThat((byte[]) r.value()).isEqualTo(java.util.Arrays.copyOf(payload, 16));
    assertThat(header(r, RecordHeaders.REASON)).isEqualTo("malformed_json");
    assertThat((String) header(r, RecordHeaders.REASON_DETAIL)).isNotEmpty();
    assertThat(header(r, RecordHeaders.PAYLOAD_SIZE)).isEqualTo(payload.length);
    assertThat(header(r, RecordHeaders.PAYLOAD_TRUNCATED)).isEqualTo(true);
    assertThat(header(r, RecordHeaders.GATEWAY)).isEqualTo("gw-9");
    assertThat(metrics.rejectedFor(ReasonCode.MALFORMED_JSON)).isEqualTo(1);

    assertThat(acked).isEmpty();
    commit(r);
    assertThat(acked).containsExactly(3);
  }

  @Test
  void anUnknownEnvelopeVersionIsRejectedWithItsOwnReason() {
    byte[] payload =
        "{\"v\":2,\"gateway\":\"gw-9\",\"batch\":1,\"readings\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    SourceRecord r = records.from(arrival("elsewhere/topic", payload, 3, false)).get(0);
    assertThat(header(r, RecordHeaders.REASON)).isEqualTo("unknown_version");
    assertThat(r.headers().lastWithName(RecordHeaders.GATEWAY)).isNull();
  }

  private static void commit(SourceRecord r) {
    ((TrackedRecord) r).recordCommitted();
  }

  private static Object header(SourceRecord r, String name) {
    Header h = r.headers().lastWithName(name);
    assertThat(h).as("header %s", name).isNotNull();
    return h.value();
  }
}
