package io.plantwatch.analytics.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictedLifeRuleTest {
  private static final String RULE =
      """
      version: 1
      rules:
        - name: life-short
          type: predicted_life
          field: rul_high
          below: 30
          clear_above: 40
          for: 2
          hours_per_cycle: 1.5
          severity: critical
          select: {line: "FD*"}
          description: Even the optimistic estimate is short.
      """;

  @Test
  void parsesWithItsDefaultsAndReadsTheHealthWindow() {
    PredictedLifeRule r = (PredictedLifeRule) RulesFile.parse("t.yaml", RULE).rules().get(0);
    assertThat(r)
        .isEqualTo(
            new PredictedLifeRule(
                "life-short",
                "rul_high",
                30,
                40,
                2,
                1.5,
                Severity.CRITICAL,
                new Selector(null, "FD*", null),
                "Even the optimistic estimate is short."));
    assertThat(r.metric()).isEqualTo("rul_high");
    assertThat(r.window()).isEqualTo("health");
    RuleSet set = RulesFile.parse("t.yaml", RULE);
    assertThat(set.applicable("fleet", "FD001", "engine-1", "rul_high", "health")).hasSize(1);
    assertThat(set.applicable("fleet", "FD001", "engine-1", "rul_cycles", "health")).isEmpty();
  }

  @Test
  void breachesBelowHoldsUpToTheClearLevelAndClearsAtIt() {
    PredictedLifeRule r = (PredictedLifeRule) RulesFile.parse("t.yaml", RULE).rules().get(0);
    assertThat(r.check(List.of(health(50))).signal()).isEqualTo(Verdict.Signal.CLEAR);
    assertThat(r.check(List.of(health(29.9))).signal()).isEqualTo(Verdict.Signal.BREACH);
    assertThat(r.check(List.of(health(30))).signal()).isEqualTo(Verdict.Signal.HOLD);
    assertThat(r.check(List.of(health(39.9))).signal()).isEqualTo(Verdict.Signal.HOLD);
    assertThat(r.check(List.of(health(40))).signal()).isEqualTo(Verdict.Signal.CLEAR);
    assertThat(r.check(List.of(health(12))).value()).isEqualTo(12);
    assertThat(r.check(List.of(health(12))).threshold()).isEqualTo(30);
  }

  @Test
  void mistakesNameTheirLineAndField() {
    assertThatThrownBy(
            () ->
                RulesFile.parse(
                    "bad.yaml",
                    """
                    version: 1
                    rules:
                      - name: life
                        type: predicted_life
                        field: rul_low
                        clear_above: 10
                        metric: T50
                        severity: warning
                    """))
        .isInstanceOf(RulesFileException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("line 5: rules[0] (life).field: must be rul_high or rul_cycles")
        .hasMessageContaining("rules[0].metric: unknown field for a predicted_life rule");
  }

  @Test
  void withoutALimitTheRuleFiresOnceTheBandsLowerEndReachesThirtyCycles() {
    RuleSet set =
        RulesFile.parse(
            "t.yaml",
            """
            version: 1
            rules:
              - name: life-short
                type: predicted_life
                field: rul_high
                for: 2
                severity: warning
              - name: life-point
                type: predicted_life
                field: rul_cycles
                severity: warning
            """);
    PredictedLifeRule unresolved = (PredictedLifeRule) set.rules().get(0);
    assertThat(unresolved.fromBand()).isTrue();
    assertThat(unresolved.check(List.of(health(1))).signal())
        .as("no model, no limit: silent")
        .isNotEqualTo(Verdict.Signal.BREACH);

    // a band of +-21 cycles: an engine predicted at 26-31 cycles left has rul_high 47-52 and
    // the band's lower end at 5-10 cycles: it must be warned
    RuleSet withBand = set.withBand(p -> 21);
    PredictedLifeRule high = (PredictedLifeRule) withBand.rules().get(0);
    PredictedLifeRule point = (PredictedLifeRule) withBand.rules().get(1);
    assertThat(high.below()).isCloseTo(30 + 2 * 21, within(0.02));
    assertThat(point.below()).isCloseTo(30 + 21, within(0.02));
    for (double predicted = 26; predicted <= 31; predicted += 0.5) {
      assertThat(high.check(List.of(health(predicted + 21))).signal())
          .isEqualTo(Verdict.Signal.BREACH);
      assertThat(point.check(List.of(health(predicted))).signal()).isEqualTo(Verdict.Signal.BREACH);
    }
    // a band that widens past 30 cycles predicted (7 below, 15 from 30 on): the predictions just
    // past the edge carry the wider band and are warned as long as their lower end is under 30
    PredictedLifeRule stepped =
        (PredictedLifeRule) set.withBand(p -> p < 30 ? 7 : 15).rules().get(0);
    for (double predicted = 20; predicted < 45; predicted += 0.5) {
      double top = predicted + (predicted < 30 ? 7 : 15);
      assertThat(stepped.check(List.of(health(top))).signal())
          .as("predicted %s", predicted)
          .isEqualTo(Verdict.Signal.BREACH);
    }
    assertThat(stepped.check(List.of(health(46 + 15))).signal())
        .as("lower end at 31 cycles")
        .isNotEqualTo(Verdict.Signal.BREACH);
    // a healthy engine (predicted at the cap of 125) is far from it
    assertThat(high.check(List.of(health(125 + 21))).signal()).isEqualTo(Verdict.Signal.CLEAR);
    // a limit written in the file stays
    PredictedLifeRule fixed = (PredictedLifeRule) RulesFile.parse("t.yaml", RULE).rules().get(0);
    assertThat(fixed.withBand(p -> 21)).isEqualTo(fixed);
  }

  private static Observation health(double v) {
    return new Observation("rul_high", "health", 60_000, v, v, v, 1);
  }
}
