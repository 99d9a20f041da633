package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UplinkTopicLayoutTest {
  @Test
  void topicsAndFiltersFollowThePrefix() {
    UplinkTopicLayout l = UplinkTopicLayout.DEFAULT;
    assertThat(l.topic("gw 1", UplinkTopicLayout.READINGS))
        .isEqualTo("plantwatch/uplink/gw 1/readings");
    assertThat(l.everyGateway(UplinkTopicLayout.RECEIPTS))
        .isEqualTo("plantwatch/uplink/+/receipts");
    assertThat(new UplinkTopicLayout("site7/up").topic("g", UplinkTopicLayout.STATUS))
        .isEqualTo("site7/up/g/status");
  }

  @Test
  void theGatewayOfATopicIsItsLevelAfterThePrefix() {
    UplinkTopicLayout l = UplinkTopicLayout.DEFAULT;
    assertThat(l.gatewayOf("plantwatch/uplink/gw-1/readings")).isEqualTo("gw-1");
    assertThat(l.gatewayOf("plantwatch/uplink/gw-1/readings/extra")).isNull();
    assertThat(l.gatewayOf("plantwatch/uplink//readings")).isNull();
    assertThat(l.gatewayOf("plantwatch/uplink/gw-1/")).isNull();
    assertThat(l.gatewayOf("plantwatch/uplink/gw-1")).isNull();
    assertThat(l.gatewayOf("other/uplink/gw-1/readings")).isNull();
  }
}
