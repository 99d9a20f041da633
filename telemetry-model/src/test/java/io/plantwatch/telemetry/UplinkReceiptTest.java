package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UplinkReceiptTest {
  @Test
  void aReceiptSurvivesItsOwnBytes() {
    UplinkReceipt r = new UplinkReceipt(UplinkReceipt.Kind.READINGS, 17, 516);
    assertThat(new String(r.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"v\":1,\"kind\":\"readings\",\"first\":17,\"last\":516}");
    assertThat(UplinkReceipt.parse(r.toBytes())).contains(r);
    UplinkReceipt q = new UplinkReceipt(UplinkReceipt.Kind.REJECTS, 3, 3);
    assertThat(UplinkReceipt.parse(q.toBytes())).contains(q);
  }

  @Test
  void anythingElseIsNotAReceipt() {
    for (String s :
        new String[] {
          "",
          "delete everything",
          "[]",
          "{\"v\":2,\"kind\":\"readings\",\"first\":1,\"last\":2}",
          "{\"v\":1,\"kind\":\"statuses\",\"first\":1,\"last\":2}",
          "{\"v\":1,\"kind\":\"readings\",\"first\":5,\"last\":2}",
          "{\"v\":1,\"kind\":\"readings\",\"first\":1.5,\"last\":2}",
          "{\"v\":1,\"kind\":\"readings\",\"first\":\"1\",\"last\":2}",
          "{\"v\":1,\"kind\":\"readings\",\"first\":1}"
        }) {
      assertThat(UplinkReceipt.parse(s.getBytes(StandardCharsets.UTF_8))).as(s).isEmpty();
    }
    assertThat(UplinkReceipt.parse(null)).isEmpty();
    assertThat(UplinkReceipt.parse(new byte[2000])).isEmpty();
    assertThatThrownBy(() -> new UplinkReceipt(UplinkReceipt.Kind.READINGS, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReceiptsTopicSitsBesideTheReadingsTopic() {
    assertThat(UplinkReceipt.topic("plantwatch/uplink", "gw 1"))
        .isEqualTo("plantwatch/uplink/gw 1/receipts");
  }

  @Test
  void aQuarantineRecordSurvivesItsJson() {
    RejectedRecord r =
        RejectedRecord.of(
            "gw1",
            "plant/s/l/m/telemetry",
            new Rejection(ReasonCode.WRONG_TYPE, "metrics.vibration.value: not a number"),
            1_700_000_000_000L,
            "{\"bad\": \u00e9}".getBytes(StandardCharsets.UTF_8),
            4096);
    RejectedRecord back = RejectedRecord.fromJson(r.toJson()).orElseThrow();
    assertThat(back.reason()).isEqualTo(ReasonCode.WRONG_TYPE);
    assertThat(back.topic()).isEqualTo("plant/s/l/m/telemetry");
    assertThat(back.gateway()).isEqualTo("gw1");
    assertThat(back.payload()).isEqualTo(r.payload());
    assertThat(
            RejectedRecord.fromJson(
                "{\"v\":1,\"reason\":\"no_such_reason\",\"topic\":\"t\",\"receivedAt\":1}"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(RejectedRecord.fromJson("nope".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
