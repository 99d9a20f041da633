package io.plantwatch.gateway.collect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.TopicTemplate;
import io.plantwatch.gateway.queue.QueueListener;
import io.plantwatch.gateway.queue.QueuedEntry;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.CanonicalUnits;
import io.plantwatch.telemetry.CodecLimits;
import io.plantwatch.telemetry.DevicePayloadDecoder;
import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReasonCode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageIntakeTest {
  private static final long NOW = 1_700_000_000_000L;
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  private final List<String> events = new ArrayList<>();
  private final List<ReasonCode> rejected = new ArrayList<>();
  @TempDir Path dir;
  private StoreAndForwardQueue queue;
  private MessageIntake intake;

  @BeforeEach
  void setUp() {
    queue = StoreAndForwardQueue.open(dir.resolve("q"), 1 << 24, clock, QueueListener.NONE);
    intake = intake(queue);
  }

  private MessageIntake intake(StoreAndForwardQueue q) {
    GatewayConfig.Validation v =
        new GatewayConfig.Validation(
            List.of("temperature", "vibration"),
            Map.of("vibration", List.of(0.0, 50.0)),
            Duration.ofMinutes(5),
            4096,
            Duration.ofMinutes(5),
            Duration.ZERO);
    return new MessageIntake(
        "gw",
        List.of(
            new Subscription(
                TopicTemplate.parse(
                    "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI),
                PayloadFormat.JSON_MULTI),
            new Subscription(
                TopicTemplate.parse(
                    "bare/{site}/{line}/{machine}/{metric}", PayloadFormat.BARE_NUMBER),
                PayloadFormat.BARE_NUMBER)),
        new DevicePayloadDecoder(
            new CodecLimits(4096, Duration.ofMinutes(5), Duration.ZERO),
            new CanonicalUnits(Map.of("temperature", "degF")),
            clock),
        new ReadingChecks(v),
        new DuplicateGuard(v.duplicateWindow(), 1000),
        q,
        new GatewayConfig.Queue(
            "unused",
            1 << 24,
            100,
            new GatewayConfig.Retry(3, Duration.ofMillis(1), Duration.ofMillis(1))),
        64,
        new IntakeListener() {
          @Override
          public void messageReceived() {}

          @Override
          public void readingsQueued(int count) {
            events.add("queued " + count);
          }

          @Override
          public void rejected(ReasonCode reason) {
            rejected.add(reason);
          }

          @Override
          public void committed(int messages, long nanos) {
            events.add("committed " + messages);
          }
        },
        () -> events.add("forwarder woken"),
        (component, failure) -> events.add("stopped: " + failure.message()),
        clock);
  }

  @AfterEach
  void tearDown() {
    queue.close();
  }

  private SiteMessage message(String topic, String payload) {
    return new SiteMessage(topic, payload.getBytes(UTF_8), NOW, () -> events.add("ack " + topic));
  }

  private List<Reading> queued() {
    BatchCodec codec = new BatchCodec();
    return queue.readReadings(0, 1000).stream()
        .map(QueuedEntry::payload)
        .map(b -> codec.decodeReading(b).value())
        .toList();
  }

  @Test
  void acceptedReadingsAreQueuedWithIdsBeforeTheMessagesAreAcknowledged() throws Exception {
    intake.process(
        List.of(
            message(
                "plant/Süd/L1/Presse, 7/telemetry",
                "{\"ts\": " + NOW + ", \"metrics\": {\"temperature\": 212, \"vibration\": 3.5}}"),
            message("bare/Süd/L1/Presse, 7/vibration", "4.5")));
    assertThat(events)
        .containsExactly(
            "ack plant/Süd/L1/Presse, 7/telemetry",
            "ack bare/Süd/L1/Presse, 7/vibration",
            "queued 3",
            "committed 2",
            "forwarder woken");
    assertThat(queued())
        .containsExactly(
            new Reading(
                "gw-1", "Süd", "L1", "Presse, 7", "temperature", "degC", 100.0, NOW, "gw", NOW),
            new Reading("gw-2", "Süd", "L1", "Presse, 7", "vibration", "", 3.5, NOW, "gw", NOW),
            new Reading("gw-3", "Süd", "L1", "Presse, 7", "vibration", "", 4.5, NOW, "gw", NOW));
  }

  @Test
  void everyProblemBecomesAQuarantineRecordWithItsReason() throws Exception {
    String ok = "{\"ts\": " + NOW + ", \"metrics\": {\"vibration\": 3.5}}";
    intake.process(
        List.of(
            message("plant/s/l/m/telemetry", ok),
            message("plant/s/l/m/telemetry", ok), // an MQTT redelivery
            message(
                "plant/s/l/m/telemetry", "{\"ts\": " + NOW + ", \"metrics\": {\"humidity\": 3.5}}"),
            message(
                "plant/s/l/m/telemetry", "{\"ts\": " + NOW + ", \"metrics\": {\"vibration\": 99}}"),
            message("plant/s/l/m/status", ok),
            message("plant//l/m/telemetry", ok),
            message(
                "plant/s/l/m/telemetry",
                "{\"ts\": " + NOW + ", \"metrics\": {\"vibration\": " + "1".repeat(5000) + "}}")));
    assertThat(rejected)
        .containsExactly(
            ReasonCode.DUPLICATE,
            ReasonCode.UNKNOWN_METRIC,
            ReasonCode.OUT_OF_RANGE,
            ReasonCode.TOPIC_MISMATCH,
            ReasonCode.INVALID_IDENTIFIER,
            ReasonCode.PAYLOAD_TOO_LARGE);
    assertThat(queued()).hasSize(1);
    List<QueuedEntry> records = queue.readRejects(0, 100);
    assertThat(records).hasSize(6);
    String tooLarge = new String(records.get(5).payload(), UTF_8);
    assertThat(tooLarge)
        .contains("\"reason\":\"payload_too_large\"")
        .contains("\"truncated\":true")
        .contains("\"size\":5049");
    assertThat(events).filteredOn(e -> e.startsWith("ack")).hasSize(7);
  }

  @Test
  void aRedeliveryAfterARestartIsStillRecognised() throws Exception {
    String ok = "{\"ts\": " + NOW + ", \"metrics\": {\"vibration\": 3.5}}";
    intake.process(List.of(message("plant/s/l/m/telemetry", ok)));
    queue.close();
    queue = StoreAndForwardQueue.open(dir.resolve("q"), 1 << 24, clock, QueueListener.NONE);
    intake = intake(queue);
    intake.process(List.of(message("plant/s/l/m/telemetry", ok)));
    assertThat(rejected).containsExactly(ReasonCode.DUPLICATE);
    assertThat(queued()).extracting(Reading::id).containsExactly("gw-1");
  }
}
