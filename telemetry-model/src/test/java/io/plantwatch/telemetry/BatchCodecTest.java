package io.plantwatch.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCodecTest {
  private final BatchCodec codec = new BatchCodec(64 * 1024);

  static Reading hostile(long seq) {
    return new Reading(
        Reading.idOf("gw 1", seq),
        "Werk Süd, Halle=3",
        "line \"A\"",
        "press, 7 = große Presse 🏭",
        "temp,°C=\"x\"",
        "degC",
        -12.5e-3,
        1732406400123L + seq,
        "gw 1",
        1732406400999L);
  }

  @Test
  void batchWithHostileIdentifiersRoundTripsExactly() {
    UplinkBatch batch = UplinkBatch.of("gw 1", 42, List.of(hostile(1), hostile(2)));
    UplinkBatch back = codec.decode(codec.encode(batch)).value();
    assertThat(back).isEqualTo(batch);
    assertThat(back.readings().get(0).machine()).isEqualTo("press, 7 = große Presse 🏭");
  }

  @Test
  void envelopeCarriesVersionOne() {
    String json = new String(codec.encode(UplinkBatch.of("g", 1, List.of())), UTF_8);
    assertThat(json).startsWith("{\"v\":1,\"gateway\":\"g\",\"batch\":1,\"readings\":[]");
  }

  @Test
  void rawEncodingFromStoredReadingsEqualsTheEnvelopeEncoding() {
    UplinkBatch batch = UplinkBatch.of("gw 1", 7, List.of(hostile(1), hostile(2), hostile(3)));
    byte[] raw =
        codec.encodeRaw("gw 1", 7, batch.readings().stream().map(codec::encodeReading).toList());
    assertThat(new String(raw, UTF_8)).isEqualTo(new String(codec.encode(batch), UTF_8));
    assertThat(codec.decode(raw).value()).isEqualTo(batch);
    assertThat(codec.decode(codec.encodeRaw("g", 1, List.of())).value().readings()).isEmpty();
  }

  @Test
  void aReadingIsWrittenAsTheSameBytesAsJacksonsTreeOfIt() throws Exception {
    for (Reading r :
        List.of(
            hostile(1),
            new Reading("g-1", "s", "l", "m", "t", "degC", 1e300, 0L, "g", Long.MAX_VALUE),
            new Reading("g-2", "s", "l", "m", "t", "degC", -0.0, -1L, "g", 1L),
            new Reading("g-3", "s", "l/\u00fc\\", "m", "t", "%", 60.07, 1L, "g", 2L))) {
      var tree =
          Json.MAPPER
              .createObjectNode()
              .put("id", r.id())
              .put("site", r.site())
              .put("line", r.line())
              .put("machine", r.machine())
              .put("metric", r.metric())
              .put("unit", r.unit())
              .put("value", r.value())
              .put("ts", r.ts())
              .put("gateway", r.gateway())
              .put("receivedAt", r.receivedAt());
      assertThat(codec.encodeReading(r)).isEqualTo(Json.MAPPER.writeValueAsBytes(tree));
    }
  }

  @Test
  void singleReadingRoundTrips() {
    assertThat(codec.decodeReading(codec.encodeReading(hostile(9))).value()).isEqualTo(hostile(9));
  }

  @Test
  void unknownVersionIsRefused() {
    Rejection r = decode("{\"v\":2,\"gateway\":\"g\",\"batch\":1,\"readings\":[]}");
    assertThat(r.reason()).isEqualTo(ReasonCode.UNKNOWN_VERSION);
    assertThat(r.detail()).contains("2");
  }

  @Test
  void missingAndMistypedFieldsNameTheField() {
    assertThat(decode("{\"gateway\":\"g\",\"batch\":1,\"readings\":[]}"))
        .isEqualTo(new Rejection(ReasonCode.MISSING_FIELD, "field 'v' is missing"));
    assertThat(decode("{\"v\":1,\"gateway\":\"g\",\"batch\":\"1\",\"readings\":[]}"))
        .isEqualTo(new Rejection(ReasonCode.WRONG_TYPE, "field 'batch' must be an integer"));
    String reading =
        "{\"id\":\"g-1\",\"site\":\"s\",\"line\":\"l\",\"machine\":\"m\",\"metric\":\"x\",\"unit\":\"\","
            + "\"value\":NaN,\"ts\":1,\"gateway\":\"g\",\"receivedAt\":1}";
    Rejection r = decode("{\"v\":1,\"gateway\":\"g\",\"batch\":1,\"readings\":[" + reading + "]}");
    assertThat(r.reason()).isEqualTo(ReasonCode.NON_FINITE_VALUE);
    assertThat(r.detail()).startsWith("readings[0]: ");
  }

  @Test
  void oversizeEnvelopeIsRefusedBeforeParsing() {
    byte[] big = new byte[64 * 1024 + 1];
    assertThat(codec.decode(big).rejection().reason()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void rejectedRecordKeepsTextAndCapsSize() {
    Rejection why = new Rejection(ReasonCode.MALFORMED_JSON, "bad");
    String json =
        new String(
            RejectedRecord.of(
                    "g", "plant/a/b/c/telemetry", why, 5, "{oops".repeat(10).getBytes(UTF_8), 8)
                .toJson(),
            UTF_8);
    assertThat(json)
        .contains("\"reason\":\"malformed_json\"")
        .contains("\"payload\":\"{oops{oo\"")
        .contains("\"size\":50")
        .contains("\"truncated\":true");
    String binary =
        new String(
            RejectedRecord.of("g", "t", why, 5, new byte[] {(byte) 0xff, 0}, 8).toJson(), UTF_8);
    assertThat(binary).contains("\"payloadBase64\":\"/wA=\"");
  }

  private Rejection decode(String json) {
    return codec.decode(json.getBytes(UTF_8)).rejection();
  }
}
