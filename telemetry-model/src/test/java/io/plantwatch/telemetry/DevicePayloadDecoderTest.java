package io.plantwatch.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevicePayloadDecoderTest {
  private static final long NOW = 1_732_406_400_123L;
  private final DevicePayloadDecoder decoder =
      new DevicePayloadDecoder(
          new CodecLimits(1024, Duration.ofMinutes(5), Duration.ofDays(1)),
          CanonicalUnits.withDefaults(),
          Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  private Decoded<DeviceMessage> multi(String json) {
    return decoder.decode(PayloadFormat.JSON_MULTI, null, json.getBytes(UTF_8), NOW);
  }

  private Decoded<DeviceMessage> single(String json) {
    return decoder.decode(PayloadFormat.JSON_SINGLE, null, json.getBytes(UTF_8), NOW);
  }

  @Test
  void multiMetricPayloadWithUnitsAndBareNumbers() {
    DeviceMessage m =
        multi(
                "{\"ts\": 1732406400000, \"metrics\": {\"temperature\": {\"value\": 161.6, \"unit\": \"degF\"},"
                    + " \"vibration\": 3.1}}")
            .value();
    assertThat(m.rejected()).isEmpty();
    assertThat(m.measurements()).hasSize(2);
    Measurement t = m.measurements().get(0);
    assertThat(t.metric()).isEqualTo("temperature");
    assertThat(t.value()).isCloseTo(72.0, within(1e-9));
    assertThat(t.unit()).isEqualTo("degC");
    assertThat(t.ts()).isEqualTo(1732406400000L);
    assertThat(m.measurements().get(1))
        .isEqualTo(new Measurement("vibration", 3.1, "mm/s", 1732406400000L));
  }

  @Test
  void isoTimestampsWithOffsets() {
    DeviceMessage m =
        single(
                "{\"ts\": \"2024-11-24T01:00:00.123+01:00\", \"metric\": \"pressure\", \"value\": 5.2, \"unit\": \"bar\"}")
            .value();
    assertThat(m.measurements())
        .containsExactly(new Measurement("pressure", 5.2, "bar", 1732406400123L));
  }

  @Test
  void bareNumberTakesTheTopicMetricAndArrivalTime() {
    DeviceMessage m =
        decoder
            .decode(PayloadFormat.BARE_NUMBER, "temperature", " 71.2\n".getBytes(UTF_8), NOW)
            .value();
    assertThat(m.measurements()).containsExactly(new Measurement("temperature", 71.2, "degC", NOW));
  }

  @Test
  void badMetricInsideAMultiPayloadDoesNotLoseItsSiblings() {
    DeviceMessage m =
        multi(
                "{\"ts\": 1732406400000, \"metrics\": {\"temperature\": \"hot\", \"vibration\": 3.1, \"pressure\": {\"value\": 1, \"unit\": \"degC\"}}}")
            .value();
    assertThat(m.measurements()).extracting(Measurement::metric).containsExactly("vibration");
    assertThat(m.rejected())
        .extracting(r -> r.metric() + ":" + r.rejection().reason())
        .containsExactly("temperature:WRONG_TYPE", "pressure:INCOMPATIBLE_UNIT");
  }

  @Test
  void hostileIdentifiersAreKeptIntact() {
    String metric = "Lager, \"vorne\"=Temp °C ü 温度";
    DeviceMessage m =
        multi(
                "{\"ts\": 1732406400000, \"metrics\": {\""
                    + metric.replace("\"", "\\\"")
                    + "\": 1.5}}")
            .value();
    assertThat(m.measurements().get(0).metric()).isEqualTo(metric);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ts\": 1732406400000, \"metrics\": {\"a\": 1}|MALFORMED_JSON",
        "[1,2]|WRONG_TYPE",
        "{\"metrics\": {\"a\": 1}}|MISSING_FIELD",
        "{\"ts\": 1732406400000}|MISSING_FIELD",
        "{\"ts\": 1732406400000, \"metrics\": {}}|MISSING_FIELD",
        "{\"ts\": 1732406400000, \"metrics\": [1]}|WRONG_TYPE",
        "{\"ts\": 1.7324064E12, \"metrics\": {\"a\": 1}}|WRONG_TYPE",
        "{\"ts\": \"yesterday\", \"metrics\": {\"a\": 1}}|BAD_TIMESTAMP",
        "{\"ts\": -5, \"metrics\": {\"a\": 1}}|BAD_TIMESTAMP",
        "{\"ts\": 99999999999999999999, \"metrics\": {\"a\": 1}}|BAD_TIMESTAMP",
        "{\"ts\": 1732410000124, \"metrics\": {\"a\": 1}}|TIMESTAMP_SKEW",
        "{\"ts\": 1000, \"metrics\": {\"a\": 1}}|TIMESTAMP_SKEW",
        "{\"ts\": 1732406400000, \"ts\": 1732406400000, \"metrics\": {\"a\": 1}}|MALFORMED_JSON",
        "{\"ts\": 1732406400000, \"metrics\": {\"a\": 1}} trailing|MALFORMED_JSON",
      })
  void messageLevelRejections(String payload, String reason) {
    Decoded<DeviceMessage> d = multi(payload);
    assertThat(d.isAccepted()).isFalse();
    assertThat(d.rejection().reason()).isEqualTo(ReasonCode.valueOf(reason));
    assertThat(d.rejection().detail()).isNotBlank();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": NaN}|NON_FINITE_VALUE",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": Infinity}|NON_FINITE_VALUE",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": -Infinity}|NON_FINITE_VALUE",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": 1e400}|NON_FINITE_VALUE",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": \"5\"}|WRONG_TYPE",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": true}|WRONG_TYPE",
        "{\"ts\": 1732406400000, \"metric\": \"a\"}|MISSING_FIELD",
        "{\"ts\": 1732406400000, \"value\": 1}|MISSING_FIELD",
        "{\"ts\": 1732406400000, \"metric\": 7, \"value\": 1}|WRONG_TYPE",
        "{\"ts\": 1732406400000, \"metric\": \"\", \"value\": 1}|INVALID_IDENTIFIER",
        "{\"ts\": 1732406400000, \"metric\": \"a\\nb\", \"value\": 1}|INVALID_IDENTIFIER",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": 1, \"unit\": 3}|WRONG_TYPE",
        "{\"ts\": 1732406400000, \"metric\": \"temperature\", \"value\": 1, \"unit\": \"furlong\"}|UNKNOWN_UNIT",
        "{\"ts\": 1732406400000, \"metric\": \"pressure\", \"value\": 1, \"unit\": \"degC\"}|INCOMPATIBLE_UNIT",
        "{\"ts\": 1732406400000, \"metric\": \"a\", \"value\": 1|MALFORMED_JSON",
      })
  void singleMetricRejections(String payload, String reason) {
    Decoded<DeviceMessage> d = single(payload);
    assertThat(d.isAccepted()).isFalse();
    assertThat(d.rejection().reason()).isEqualTo(ReasonCode.valueOf(reason));
  }

  @Test
  void oversizeEmptyAndBinaryPayloads() {
    byte[] big = new byte[1025];
    Arrays.fill(big, (byte) ' ');
    assertThat(reason(PayloadFormat.JSON_MULTI, big)).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
    assertThat(reason(PayloadFormat.JSON_MULTI, new byte[0])).isEqualTo(ReasonCode.EMPTY_PAYLOAD);
    assertThat(reason(PayloadFormat.JSON_MULTI, "  \n ".getBytes(UTF_8)))
        .isEqualTo(ReasonCode.EMPTY_PAYLOAD);
    assertThat(reason(PayloadFormat.JSON_SINGLE, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}))
        .isEqualTo(ReasonCode.MALFORMED_JSON);
    assertThat(reason(PayloadFormat.BARE_NUMBER, new byte[] {(byte) 0xff, 0x31}))
        .isEqualTo(ReasonCode.WRONG_TYPE);
    assertThat(reason(PayloadFormat.BARE_NUMBER, new byte[0])).isEqualTo(ReasonCode.EMPTY_PAYLOAD);
  }

  @Test
  void bareNumberRejections() {
    for (String s : List.of("NaN", "Infinity", "-Infinity")) {
      assertThat(reason(PayloadFormat.BARE_NUMBER, s.getBytes(UTF_8)))
          .as(s)
          .isEqualTo(ReasonCode.NON_FINITE_VALUE);
    }
    for (String s : List.of("0x1p3", "12d", "hot", "{\"v\":1}")) {
      assertThat(reason(PayloadFormat.BARE_NUMBER, s.getBytes(UTF_8)))
          .as(s)
          .isEqualTo(ReasonCode.WRONG_TYPE);
    }
  }

  private ReasonCode reason(PayloadFormat f, byte[] payload) {
    return decoder.decode(f, "temperature", payload, NOW).rejection().reason();
  }
}
