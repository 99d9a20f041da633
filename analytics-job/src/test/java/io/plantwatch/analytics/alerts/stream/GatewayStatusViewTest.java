package io.plantwatch.analytics.alerts.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayStatusViewTest {
  @Test
  void theLatestStatusOfEachGatewayCountsWhateverTheConverterWrapping() {
    try (GatewayStatusView v = new GatewayStatusView("127.0.0.1:1", "unused")) {
      v.accept("{\"v\":1,\"gateway\":\"gw-1\",\"state\":\"offline\",\"ts\":1}");
      v.accept(
          "{\"schema\":null,\"payload\":{\"v\":1,\"gateway\":\"gw-2\",\"state\":\"offline\"}}");
      v.accept("not json");
      v.accept(null);
      assertThat(v.offline("gw-1")).isTrue();
      assertThat(v.offline("gw-2")).isTrue();
      v.accept("{\"v\":1,\"gateway\":\"gw-1\",\"state\":\"online\",\"ts\":2}");
      assertThat(v.offline("gw-1")).isFalse();
      assertThat(v.offline("gw-3")).isFalse();
      assertThat(v.offline(null)).isFalse();
    }
  }

  @Test
  void aStaleAlertIsRetoldAsItsGatewaysOutage() {
    AlertEvent stale =
        new AlertEvent(
            new MachineKey("s", "l", "m"),
            "vib",
            "warning",
            "vibration",
            AlertPhase.STALE,
            AlertPhase.FIRING,
            60_000,
            Double.NaN,
            Double.NaN,
            null,
            "the machine sent no vibration data since 1970-01-01T00:00:00Z; last state firing",
            false,
            List.of());
    assertThat(AlertLifecycle.blameGateway(stale, "gw-7").message())
        .isEqualTo(
            "gateway gw-7 is offline: no data reaches us from this machine since"
                + " 1970-01-01T00:00:00Z; last state firing");
  }
}
