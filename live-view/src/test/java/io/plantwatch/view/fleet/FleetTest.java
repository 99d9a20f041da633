package io.plantwatch.view.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTest {
  private static final MachineId PRESS = new MachineId("s", "l", "press");
  private static final long MIN = 60_000;

  private static WindowValue w(long end, double avg) {
    return new WindowValue(end - 5 * MIN, end, avg, avg + 1, avg - 1, 3, "degC", "gw-1");
  }

  private static AlertTransition t(String id, long at, String rule, String metric, String state) {
    return new AlertTransition(
        id, at, PRESS, "gw-1", rule, "warning", metric, state, "OK", 1.0, 2.0, "m", true);
  }

  @Test
  void aRewrittenWindowReplacesItsValueAndTheNewestEndWins() {
    Fleet fleet = new Fleet(60 * MIN, 100, 100);
    SeriesKey key = new SeriesKey(PRESS, "temperature", "5m/1m");
    fleet.window(key, w(2 * MIN, 10));
    fleet.window(key, w(3 * MIN, 20));
    // A late reading updates an older window after the newer one was written.
    fleet.window(key, w(2 * MIN, 11));
    Fleet.MetricView m = fleet.machines().get(0).metrics().get(0);
    assertThat(m.newest().windowEnd()).isEqualTo(3 * MIN);
    assertThat(m.newest().avg()).isEqualTo(20);
    assertThat(fleet.history(PRESS, RuleThresholds.NONE).series().get(key))
        .extracting(WindowValue::avg)
        .containsExactly(11.0, 20.0);
  }

  @Test
  void historyIsBoundedByAgeAndByPoints() {
    Fleet fleet = new Fleet(10 * MIN, 5, 100);
    SeriesKey key = new SeriesKey(PRESS, "temperature", "1m/1m");
    for (int i = 0; i < 30; i++) {
      fleet.window(key, w(i * MIN, i));
    }
    assertThat(fleet.history(PRESS, RuleThresholds.NONE).series().get(key))
        .extracting(WindowValue::windowEnd)
        .containsExactly(25 * MIN, 26 * MIN, 27 * MIN, 28 * MIN, 29 * MIN);
  }

  @Test
  void statesComeFromTheNewestTransitionOfEachRuleAndColourTheirMetric() {
    Fleet fleet = new Fleet(60 * MIN, 100, 100);
    fleet.window(new SeriesKey(PRESS, "temperature", "1m/1m"), w(MIN, 1));
    fleet.window(new SeriesKey(PRESS, "vibration", "1m/1m"), w(MIN, 1));
    fleet.alert(t("a1", 1, "hot", "temperature", "PENDING"));
    fleet.alert(t("a2", 2, "hot", "temperature", "FIRING"));
    fleet.alert(t("b1", 2, "shaky", "vibration", "PENDING"));
    // Older, arriving late (another partition after a restart): does not win.
    fleet.alert(t("a0", 0, "hot", "temperature", "RESOLVED"));
    // A replayed transition is not counted twice.
    fleet.alert(t("a2", 2, "hot", "temperature", "FIRING"));
    Fleet.MachineView m = fleet.machines().get(0);
    assertThat(m.level()).isEqualTo(AlertLevel.FIRING);
    assertThat(m.metrics())
        .extracting(Fleet.MetricView::metric, Fleet.MetricView::level)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("temperature", AlertLevel.FIRING),
            org.assertj.core.groups.Tuple.tuple("vibration", AlertLevel.PENDING));
    assertThat(fleet.transitions(10))
        .extracting(AlertTransition::id)
        .containsExactly("a0", "b1", "a2", "a1");
    fleet.alert(t("s1", 3, "silent", "", "STALE"));
    assertThat(fleet.machines().get(0).metrics())
        .extracting(Fleet.MetricView::level)
        .containsExactly(AlertLevel.FIRING, AlertLevel.STALE);
  }

  @Test
  void transitionsAreBounded() {
    Fleet fleet = new Fleet(60 * MIN, 100, 3);
    for (int i = 0; i < 10; i++) {
      fleet.alert(t("id" + i, i, "r" + i, "temperature", "PENDING"));
    }
    assertThat(fleet.transitions(100))
        .extracting(AlertTransition::id)
        .containsExactly("id9", "id8", "id7");
  }

  @Test
  void thresholdsComeFromTheRulesAndFromTransitions() {
    Fleet fleet = new Fleet(60 * MIN, 100, 100);
    fleet.window(new SeriesKey(PRESS, "temperature", "1m/1m"), w(MIN, 1));
    fleet.alert(t("a1", 1, "hot", "temperature", "PENDING"));
    RuleThresholds rules =
        (m, metric) -> List.of(new RuleThresholds.Threshold("limit", "critical", "MAX", 9.5));
    assertThat(fleet.history(PRESS, rules).thresholds().get("temperature"))
        .extracting(RuleThresholds.Threshold::rule, RuleThresholds.Threshold::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("limit", 9.5),
            org.assertj.core.groups.Tuple.tuple("hot", 2.0));
  }

  @Test
  void anOfflineGatewayIsKnownForItsMachines() {
    Fleet fleet = new Fleet(60 * MIN, 100, 100);
    fleet.window(new SeriesKey(PRESS, "temperature", "1m/1m"), w(MIN, 1));
    fleet.gateway("gw-1", false);
    assertThat(fleet.machines().get(0).gatewayOnline()).isFalse();
    fleet.gateway("gw-1", true);
    assertThat(fleet.machines().get(0).gatewayOnline()).isTrue();
  }
}
