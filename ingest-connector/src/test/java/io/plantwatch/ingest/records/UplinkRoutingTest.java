package io.plantwatch.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.ingest.IngestMetrics;
import io.plantwatch.ingest.TestReadings;
import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.BatchCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UplinkRoutingTest {
  private static final List<String> READINGS = List.of("plantwatch/uplink/+/readings");
  private static final List<String> STATUSES = List.of("plantwatch/uplink/+/status");
  private static final byte[] STATUS =
      "{\"v\":1,\"gateway\":\"gw-1\",\"state\":\"online\",\"ts\":1}"
          .getBytes(StandardCharsets.UTF_8);

  private final IngestMetrics metrics = new IngestMetrics("unit", 0, () -> 0, new MockTime(), 0);
  private final UplinkRecords readings =
      new UplinkRecords(new BatchCodec(), "readings", "rejected", 1024, metrics);
  private final List<Integer> acked = new ArrayList<>();

  @AfterEach
  void close() {
    metrics.close();
  }

  private Arrival arrival(String topic, byte[] payload, int messageId) {
    return new Arrival(
        topic,
        payload,
        messageId,
        1,
        false,
        1L,
        a -> {
          acked.add(a.messageId());
          return true;
        },
        null,
        null);
  }

  @Test
  void theForwardingTaskSendsStatusesToTheStatusTopicAndEnvelopesToTheReadingsTopic() {
    UplinkRouting routing =
        new UplinkRouting(
            readings,
            new StatusRecords("statuses", 4096, "rejected", 1024, metrics),
            READINGS,
            STATUSES,
            metrics);

    assertThat(routing.from(arrival("plantwatch/uplink/gw-1/status", STATUS, 1)))
        .singleElement()
        .extracting(SourceRecord::topic, SourceRecord::key)
        .containsExactly("statuses", "gw-1");
    assertThat(
            routing.from(
                arrival("plantwatch/uplink/gw-1/readings", TestReadings.encoded("gw-1", 0, 2), 2)))
        .extracting(SourceRecord::topic)
        .containsExactly("readings", "readings");
    assertThat(acked).isEmpty();
  }

  @Test
  void aTaskThatDoesNotForwardStatusesAcknowledgesAndDropsAStatusLeftInItsSession() {
    UplinkRouting routing = new UplinkRouting(readings, null, READINGS, STATUSES, metrics);

    assertThat(routing.from(arrival("plantwatch/uplink/gw-1/status", STATUS, 4))).isEmpty();
    assertThat(acked).containsExactly(4);
    assertThat(metrics.rejectedTotal()).isZero();
    assertThat(metrics.statusRecords()).isZero();
  }

  @Test
  void withoutForwardingAMessageThatAReadingsFilterAlsoMatchesStaysAReading() {
    UplinkRouting routing =
        new UplinkRouting(readings, null, List.of("plantwatch/uplink/#"), STATUSES, metrics);

    assertThat(routing.from(arrival("plantwatch/uplink/gw-1/status", STATUS, 5)))
        .singleElement()
        .extracting(SourceRecord::topic)
        .isEqualTo("rejected");
  }
}
