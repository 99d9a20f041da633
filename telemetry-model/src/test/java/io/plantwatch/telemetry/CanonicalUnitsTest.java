package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalUnitsTest {
  private final CanonicalUnits units = CanonicalUnits.withDefaults();

  @ParameterizedTest(name = "{1} {2} -> {3} {4}")
  @CsvSource({
    "temperature, 71.2, degC, 71.2, degC",
    "temperature, 212, degF, 100, degC",
    "temperature, 32, °F, 0, degC",
    "temperature, 273.15, K, 0, degC",
    "temperature, 491.67, degR, 0, degC",
    "temperature, 20, ℃, 20, degC",
    "vibration, 1, in/s, 25.4, mm/s",
    "vibration, 0.0071, m/s, 7.1, mm/s",
    "pressure, 100, kPa, 1, bar",
    "pressure, 1013.25, hPa, 1.01325, bar",
    "pressure, 14.503773773, psi, 1, bar",
    "pressure, 2500, mbar, 2.5, bar",
    "current, 1500, mA, 1.5, A",
    "speed, 1, rps, 60, rpm",
    "speed, 1480, 1/min, 1480, rpm",
    "bearing_temp, 122, degF, 50, degC",
  })
  void convertsToTheCanonicalUnit(
      String metric, double value, String unit, double expected, String expectedUnit) {
    Measurement m = units.canonicalize(metric, value, unit, 7L).value();
    assertThat(m.value()).isCloseTo(expected, within(1e-6));
    assertThat(m.unit()).isEqualTo(expectedUnit);
    assertThat(m.metric()).isEqualTo(metric);
    assertThat(m.ts()).isEqualTo(7L);
  }

  @Test
  void bareValuesTakeTheMetricsConfiguredDefaultUnit() {
    CanonicalUnits custom = new CanonicalUnits(Map.of("temperature", "degF"));
    assertThat(custom.canonicalize("temperature", 212, null, 0).value().value())
        .isCloseTo(100, within(1e-9));
  }

  @Test
  void otherQuantitiesPassThroughWithTheirUnit() {
    Measurement m = units.canonicalize("humidity", 40, "%RH", 0).value();
    assertThat(m.value()).isEqualTo(40);
    assertThat(m.unit()).isEqualTo("%RH");
    assertThat(units.canonicalize("count", 3, null, 0).value().unit()).isEmpty();
  }

  @Test
  void hertzIsNotMistakenForRotationalSpeed() {
    Measurement m = units.canonicalize("blade_pass", 50, "Hz", 0).value();
    assertThat(m.unit()).isEqualTo("Hz");
    assertThat(m.value()).isEqualTo(50);
  }

  @Test
  void unknownUnitOfACanonicalMetricIsRefused() {
    Rejection r = units.canonicalize("temperature", 1, "degX", 0).rejection();
    assertThat(r.reason()).isEqualTo(ReasonCode.UNKNOWN_UNIT);
    assertThat(r.detail()).contains("degX").contains("temperature");
  }

  @Test
  void incompatibleUnitIsRefused() {
    Rejection r = units.canonicalize("temperature", 1, "bar", 0).rejection();
    assertThat(r.reason()).isEqualTo(ReasonCode.INCOMPATIBLE_UNIT);
    assertThat(r.detail()).contains("pressure");
  }
}
