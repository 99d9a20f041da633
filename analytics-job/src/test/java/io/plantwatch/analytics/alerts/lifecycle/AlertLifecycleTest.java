package io.plantwatch.analytics.alerts.lifecycle;

import static io.plantwatch.analytics.alerts.lifecycle.Windows.KEY;
import static io.plantwatch.analytics.alerts.lifecycle.Windows.MINUTE;
import static io.plantwatch.analytics.alerts.lifecycle.Windows.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.Operator;
import io.plantwatch.analytics.alerts.rules.Selector;
import io.plantwatch.analytics.alerts.rules.Severity;
import io.plantwatch.analytics.alerts.rules.Statistic;
import io.plantwatch.analytics.alerts.rules.ThresholdRule;
import io.plantwatch.analytics.alerts.rules.TrendRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule kind and lifecycle feature against windows whose outcome is worked out by hand. */
class AlertLifecycleTest {
  private final AlertLifecycle lifecycle =
      new AlertLifecycle(new FlappingPolicy(2, Duration.ofMinutes(60)), Duration.ofMinutes(15));

  static ThresholdRule above(double threshold, double clear, int forWindows) {
    return new ThresholdRule(
        "temp-high",
        "temperature",
        "5m/1m",
        Statistic.AVG,
        Operator.GT,
        threshold,
        clear,
        forWindows,
        1,
        Severity.WARNING,
        Selector.ALL,
        "");
  }

  @Test
  void thresholdFiresAtTheFirstBreachAndResolvesAtTheFirstWindowBelow() {
    // 1 ≤ 4, 5 > 4 fires, 6 stays, 3 ≤ 4 resolves, 2 nothing.
    assertThat(run(lifecycle, above(4, 4, 1), new AlertState(), 1, 5, 6, 3, 2))
        .containsExactly("2:FIRING", "4:RESOLVED");
  }

  @Test
  void forNWindowsNeedsNConsecutiveBreaches() {
    // for 3: w1 PENDING (1 breach), w2 (2), w3 below → OK; w4, w5, w6 three in a row → FIRING at
    // w6; w7 below → RESOLVED.
    assertThat(run(lifecycle, above(4, 4, 3), new AlertState(), 5, 5, 2, 5, 5, 5, 1))
        .containsExactly("1:PENDING", "3:OK", "4:PENDING", "6:FIRING", "7:RESOLVED");
  }

  @Test
  void hysteresisKeepsFiringUntilTheClearThresholdIsReached() {
    // > 4 fires, clears only at ≤ 3: 3.5 and 3.2 are in the band, 4.5 breaches again while firing,
    // 2.9 resolves at w5. Without hysteresis the same values resolve at w2 and fire at w3, and
    // that third transition within the hour already counts as flapping (at most 2 allowed here).
    double[] values = {5, 3.5, 4.5, 3.2, 2.9};
    assertThat(run(lifecycle, above(4, 3, 1), new AlertState(), values))
        .containsExactly("1:FIRING", "5:RESOLVED");
    assertThat(run(lifecycle, above(4, 4, 1), new AlertState(), values))
        .containsExactly("1:FIRING", "2:RESOLVED", "3:FIRING", "3:FLAPPING", "4:RESOLVED");
  }

  @Test
  void trendFiresWhenTheFittedLineReachesTheLimitWithinTheHorizon() {
    TrendRule rule =
        new TrendRule(
            "temp-trend",
            "temperature",
            "5m/1m",
            Statistic.AVG,
            3,
            true,
            10,
            Duration.ofMinutes(5),
            1,
            1,
            Severity.WARNING,
            Selector.ALL,
            "");
    AlertState s = new AlertState();
    // w1, w2: fewer than 3 points, unknown. w3 (1,2,3): slope 1/min, fitted 3, 7 min to 10 > 5.
    // w4 (2,3,4): 6 min. w5 (3,4,5): 5 min ≤ 5 → FIRING with forecast 5.
    // w6 (4,5,5): slope 0.5, fitted 14/3 + 0.5 = 5.1667, (10 - 5.1667) / 0.5 = 9.67 min → RESOLVED.
    List<AlertEvent> events = Windows.events(lifecycle, rule, s, 1, 1, 2, 3, 4, 5, 5);
    assertThat(events)
        .extracting(e -> e.at() / MINUTE + ":" + e.state())
        .containsExactly("5:FIRING", "6:RESOLVED");
    assertThat(events.get(0).forecastMinutes()).isEqualTo(5.0, within());
    assertThat(events.get(0).value()).isEqualTo(5.0, within());
    assertThat(events.get(1).forecastMinutes()).isEqualTo(29.0 / 3, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void flappingIsMailedOnceAndItsEndSummarised() {
    AlertState s = new AlertState();
    double[] oscillating = new double[20];
    for (int i = 0; i < oscillating.length; i++) {
      oscillating[i] = i % 2 == 0 ? 5 : 3; // fires on odd windows, resolves on even ones
    }
    List<AlertEvent> events = Windows.events(lifecycle, above(4, 4, 1), s, 1, oscillating);
    // 20 transitions; the third (w3) exceeds 2 within 60 min: flapping from there on.
    assertThat(events).hasSize(21);
    assertThat(events.stream().filter(AlertEvent::mailed))
        .extracting(e -> e.at() / MINUTE + ":" + e.state())
        .containsExactly("1:FIRING", "2:RESOLVED", "3:FLAPPING");
    assertThat(s.flapping()).isTrue();
    // Last transition at w20; quiet until the window 60 min later drops it from the period.
    double[] quiet = new double[60];
    java.util.Arrays.fill(quiet, 3);
    List<AlertEvent> after = Windows.events(lifecycle, above(4, 4, 1), s, 21, quiet);
    assertThat(after)
        .extracting(e -> e.at() / MINUTE + ":" + e.state())
        .containsExactly("80:FLAPPING_ENDED");
    assertThat(after.get(0).mailed()).isTrue();
    assertThat(after.get(0).message())
        .startsWith("stopped flapping after 17 unmailed transitions; now ok");
  }

  @Test
  void aSilentMachineBecomesStaleAndTheGatewayIsBlamedWhenOffline() {
    ThresholdRule rule = above(4, 4, 1);
    AlertState s = new AlertState();
    assertThat(run(lifecycle, rule, s, 5)).containsExactly("1:FIRING");
    long due = lifecycle.timeoutDue(s);
    assertThat(due).isEqualTo(16 * MINUTE);
    assertThat(lifecycle.timeout(KEY, rule, s, due - 1, null)).isEmpty();
    AlertEvent stale = lifecycle.timeout(KEY, rule, s, due, "gw-north").get(0);
    assertThat(stale.state()).isEqualTo(AlertPhase.STALE);
    assertThat(stale.mailed()).isTrue();
    assertThat(stale.message())
        .isEqualTo(
            "gateway gw-north is offline: no data reaches us from this machine since"
                + " 1970-01-01T00:01:00Z; last state firing");
    assertThat(lifecycle.timeout(KEY, rule, s, due + MINUTE, null)).isEmpty();
    // Data again, below the threshold: the FIRING alert resolves.
    assertThat(Windows.events(lifecycle, rule, s, 20, 3))
        .extracting(AlertEvent::state)
        .containsExactly(AlertPhase.RESOLVED);
  }

  @Test
  void aWindowJudgedOnceIsNotJudgedAgain() {
    ThresholdRule rule = above(4, 4, 1);
    AlertState s = new AlertState();
    assertThat(run(lifecycle, rule, s, 5)).containsExactly("1:FIRING");
    // The same window again (a replayed micro-batch, an update-mode re-emission) and an older one.
    assertThat(lifecycle.observe(KEY, rule, s, Windows.window(rule, 1, 1))).isEmpty();
    assertThat(lifecycle.observe(KEY, rule, s, Windows.window(rule, 0, 1))).isEmpty();
  }

  @Test
  void theIdempotencyKeyIdentifiesMachineRuleStateAndWindow() {
    ThresholdRule rule = above(4, 4, 1);
    AlertEvent a = Windows.events(lifecycle, rule, new AlertState(), 1, 5).get(0);
    AlertEvent b = Windows.events(lifecycle, rule, new AlertState(), 1, 6).get(0);
    AlertEvent later = Windows.events(lifecycle, rule, new AlertState(), 2, 5).get(0);
    assertThat(a.idempotencyKey()).isEqualTo(b.idempotencyKey()).matches("[0-9a-f]{32}");
    assertThat(later.idempotencyKey()).isNotEqualTo(a.idempotencyKey());
  }

  static ThresholdRule onMax(Operator op, double threshold, double clear, int forWindows) {
    return new ThresholdRule(
        "temp-peak",
        "temperature",
        "5m/1m",
        Statistic.MAX,
        op,
        threshold,
        clear,
        forWindows,
        3,
        Severity.CRITICAL,
        Selector.ALL,
        "");
  }

  /** Window {@code n}'s readings so far: their maximum and how many. */
  private static Observation filling(ThresholdRule rule, int n, double max, long count) {
    return new Observation(rule.metric(), rule.window(), n * MINUTE, 1, max, 0, count);
  }

  @Test
  void aMaximumPastTheThresholdFiresBeforeItsWindowIsFinalAndOnce() {
    ThresholdRule rule = onMax(Operator.GT, 90, 80, 1);
    AlertState s = new AlertState();
    assertThat(run(lifecycle, rule, s, 70)).isEmpty();
    // Window 3 is still filling: 2 readings are fewer than min_count, then 3 are enough.
    assertThat(lifecycle.observeEarly(KEY, rule, s, filling(rule, 3, 95, 2), MINUTE)).isEmpty();
    List<AlertEvent> fired = lifecycle.observeEarly(KEY, rule, s, filling(rule, 3, 95, 3), MINUTE);
    assertThat(fired).extracting(AlertEvent::state).containsExactly(AlertPhase.FIRING);
    assertThat(fired.get(0).at()).isEqualTo(3 * MINUTE);
    assertThat(fired.get(0).value()).isEqualTo(95);
    assertThat(fired.get(0).message())
        .isEqualTo("window still filling; temperature max 95 > 90 (clear at 80, 1 window)");
    // The final windows come: 2 (below), 3 (its final maximum) are judged already; 4 still
    // breaches, 5 clears.
    assertThat(lifecycle.observe(KEY, rule, s, Windows.window(rule, 2, 70))).isEmpty();
    assertThat(lifecycle.observe(KEY, rule, s, Windows.window(rule, 3, 99))).isEmpty();
    assertThat(lifecycle.observeEarly(KEY, rule, s, filling(rule, 4, 99, 9), MINUTE)).isEmpty();
    assertThat(Windows.events(lifecycle, rule, s, 4, 99, 70))
        .extracting(e -> e.at() / MINUTE + ":" + e.state())
        .containsExactly("5:RESOLVED");
  }

  @Test
  void anEarlyWindowCompletesForNOnlyRightAfterTheLastJudged() {
    ThresholdRule rule = onMax(Operator.GE, 90, 80, 2);
    AlertState s = new AlertState();
    assertThat(run(lifecycle, rule, s, 90)).containsExactly("1:PENDING");
    // Window 3 is not next to window 1: the final window 2 decides first.
    assertThat(lifecycle.observeEarly(KEY, rule, s, filling(rule, 3, 95, 5), MINUTE)).isEmpty();
    assertThat(lifecycle.observeEarly(KEY, rule, s, filling(rule, 2, 95, 5), MINUTE))
        .extracting(e -> e.at() / MINUTE + ":" + e.state())
        .containsExactly("2:FIRING");
    // From OK, for: 2 needs two windows: nothing early.
    AlertState fresh = new AlertState();
    assertThat(lifecycle.observeEarly(KEY, rule, fresh, filling(rule, 1, 95, 5), MINUTE)).isEmpty();
    assertThat(run(lifecycle, rule, fresh, 95, 95)).containsExactly("1:PENDING", "2:FIRING");
  }

  @Test
  void earlyWindowsNeverResolveNorJudgeRulesWhoseBreachCanBeUndone() {
    ThresholdRule rule = onMax(Operator.GT, 90, 80, 1);
    AlertState s = new AlertState();
    assertThat(run(lifecycle, rule, s, 95)).containsExactly("1:FIRING");
    // Below the clear threshold so far: a later reading may still breach; only the final window
    // resolves.
    assertThat(lifecycle.observeEarly(KEY, rule, s, filling(rule, 2, 50, 5), MINUTE)).isEmpty();
    assertThat(run(lifecycle, rule, s, 95, 50)).containsExactly("2:RESOLVED");
    // An average, or a maximum that must stay low, can move back: never judged early.
    assertThat(above(4, 4, 1).breachStandsEarly()).isFalse();
    assertThat(onMax(Operator.LT, 10, 20, 1).breachStandsEarly()).isFalse();
    ThresholdRule low = onMax(Operator.LT, 10, 20, 1);
    assertThat(lifecycle.observeEarly(KEY, low, new AlertState(), filling(low, 1, 5, 5), MINUTE))
        .isEmpty();
    ThresholdRule minimum =
        new ThresholdRule(
            "pressure-low",
            "pressure",
            "5m/1m",
            Statistic.MIN,
            Operator.LE,
            2,
            3,
            1,
            1,
            Severity.WARNING,
            Selector.ALL,
            "");
    assertThat(minimum.breachStandsEarly()).isTrue();
    assertThat(
            lifecycle.observeEarly(
                KEY,
                minimum,
                new AlertState(),
                new Observation("pressure", "5m/1m", MINUTE, 4, 6, 2, 3),
                MINUTE))
        .extracting(AlertEvent::state)
        .containsExactly(AlertPhase.FIRING);
  }
}
