package io.plantwatch.devices.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
  private static FleetSimulator sim(long seed) {
    return new FleetSimulator(
        "s",
        "l",
        FleetSimulator.machineNames("m", 3),
        List.of("temperature", "vibration"),
        1,
        0,
        false,
        100,
        seed);
  }

  @Test
  void sameSeedSameValues() {
    FleetSimulator a = sim(5);
    FleetSimulator b = sim(5);
    for (int t = 0; t < 10; t++) {
      List<FleetSimulator.Message> x = a.tick(t, t * 1000L);
      List<FleetSimulator.Message> y = b.tick(t, t * 1000L);
      assertThat(x)
          .extracting(FleetSimulator.Message::entries)
          .isEqualTo(y.stream().map(FleetSimulator.Message::entries).toList());
    }
    assertThat(sim(6).tick(0, 0).get(0).entries()).isNotEqualTo(sim(5).tick(0, 0).get(0).entries());
  }

  @Test
  void wornMachinesVibrateMoreTowardsTheEnd() {
    FleetSimulator s = sim(1);
    double wornEarly = 0;
    double wornLate = 0;
    double healthyLate = 0;
    for (int t = 0; t < 100; t++) {
      List<FleetSimulator.Message> ms = s.tick(t, t);
      double worn = ms.get(0).entries().get(1).value();
      if (t < 10) {
        wornEarly += worn / 10;
      }
      if (t >= 90) {
        wornLate += worn / 10;
        healthyLate += ms.get(1).entries().get(1).value() / 10;
      }
    }
    assertThat(wornLate - wornEarly).isGreaterThan(4.5);
    assertThat(healthyLate).isBetween(1.8, 2.2);
  }

  @Test
  void topicsAndUnits() {
    FleetSimulator.Message m =
        new FleetSimulator(
                "Werk", "L 1", List.of("Presse, 7"), List.of("temperature"), 0, 0, true, 10, 1)
            .tick(0, 5)
            .get(0);
    assertThat(m.topic()).isEqualTo("plant/Werk/L 1/Presse, 7/telemetry");
    assertThat(m.entries().get(0).unit()).isEqualTo("degF");
    assertThat(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"ts\":5,\"metrics\":{\"temperature\":{\"value\":");
  }
}
