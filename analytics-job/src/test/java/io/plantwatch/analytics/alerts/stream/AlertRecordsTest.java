package io.plantwatch.analytics.alerts.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRecordsTest {
  private static AlertEvent event(AlertPhase state, double value, Double forecast) {
    return new AlertEvent(
        new MachineKey("Werk Nord", "Linie 1", "Presse, 7"),
        "vib-high",
        "warning",
        "vibration",
        state,
        AlertPhase.PENDING,
        1_717_401_780_000L,
        value,
        4.5,
        forecast,
        "vibration avg 5.5 > 4.5",
        false,
        List.of(new AlertEvent.Point(1_717_401_720_000L, 5.0)));
  }

  @Test
  void aTransitionIsOnePointOfTheContractWithItsEventTime() {
    assertThat(AlertRecords.point("maintenance_alerts", event(AlertPhase.FIRING, 5.5, 3.25)))
        .isEqualTo(
            "maintenance_alerts,line=Linie\\ 1,machine=Presse\\,\\ 7,rule=vib-high,severity=warning,"
                + "site=Werk\\ Nord state=\"FIRING\",value=5.5,threshold=4.5,"
                + "message=\"vibration avg 5.5 > 4.5\",forecast_minutes=3.25 1717401780000");
  }

  @Test
  void unknownValuesAreLeftOutAndAFlappingNoticeDoesNotOverwriteItsTransition() {
    assertThat(AlertRecords.point("maintenance_alerts", event(AlertPhase.STALE, Double.NaN, null)))
        .contains(" state=\"STALE\",threshold=4.5,message=")
        .doesNotContain("value=")
        .endsWith(" 1717401780000");
    assertThat(AlertRecords.point("maintenance_alerts", event(AlertPhase.FLAPPING, 5.5, null)))
        .endsWith(" 1717401780001");
  }

  @Test
  void theKafkaEventCarriesTheIdAndTheHistory() throws Exception {
    AlertEvent e = event(AlertPhase.FIRING, 5.5, null);
    JsonNode n = new ObjectMapper().readTree(AlertRecords.json(e, "gw-1"));
    assertThat(n.get("id").asText()).isEqualTo(e.idempotencyKey()).hasSize(32);
    assertThat(n.get("machine").asText()).isEqualTo("Presse, 7");
    assertThat(n.get("gateway").asText()).isEqualTo("gw-1");
    assertThat(n.get("state").asText()).isEqualTo("FIRING");
    assertThat(n.get("at").asLong()).isEqualTo(1_717_401_780_000L);
    assertThat(n.get("forecast_minutes").isNull()).isTrue();
    assertThat(n.get("mailed").asBoolean()).isTrue();
    assertThat(n.get("history").get(0).get("value").asDouble()).isEqualTo(5.0);
  }
}
