package io.plantwatch.analytics.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RulesFileTest {
  @Test
  void theExampleRuleSetLoads() {
    RuleSet rules = RulesFile.example();
    assertThat(rules.rules())
        .extracting(Rule::name)
        .containsExactly(
            "vibration-zone-c",
            "vibration-zone-d",
            "hpc-outlet-pressure-high",
            "lpt-outlet-temperature-high",
            "hpc-outlet-pressure-trend",
            "predicted-life-short");
    ThresholdRule zoneC = (ThresholdRule) rules.rule("vibration-zone-c").orElseThrow();
    assertThat(zoneC)
        .isEqualTo(
            new ThresholdRule(
                "vibration-zone-c",
                "vibration",
                "5m/1m",
                Statistic.AVG,
                Operator.GT,
                4.5,
                4.0,
                3,
                3,
                Severity.WARNING,
                Selector.ALL,
                "Vibration velocity in ISO 10816-3 zone C (group 2, flexible foundation). Source:"
                    + " ISO 10816-3:2009 Annex A, Table A.1 (zone boundary B/C 4.5 mm/s RMS)"));
    TrendRule trend = (TrendRule) rules.rule("hpc-outlet-pressure-trend").orElseThrow();
    assertThat(trend.points()).isEqualTo(30);
    assertThat(trend.rising()).isTrue();
    assertThat(trend.horizon()).isEqualTo(Duration.ofMinutes(20));
    assertThat(trend.window()).isEqualTo("10m/1m");
  }

  @Test
  void selectorsAreGlobs() {
    RuleSet rules =
        RulesFile.parse(
            "t.yaml",
            """
            version: 1
            rules:
              - name: r
                type: threshold
                metric: temperature
                window: 5m
                operator: ">="
                threshold: 80
                severity: critical
                select: {site: hamburg, machine: "press *"}
            """);
    Rule r = rules.rules().get(0);
    assertThat(r.window()).isEqualTo("5m/5m");
    assertThat(r.selector().matches("hamburg", "L1", "press 7")).isTrue();
    assertThat(r.selector().matches("hamburg", "L1", "lathe 7")).isFalse();
    assertThat(r.selector().matches("bremen", "L1", "press 7")).isFalse();
    assertThat(rules.applicable("hamburg", "L2", "press (1)", "temperature", "5m/5m")).hasSize(1);
    assertThat(rules.applicable("hamburg", "L2", "press (1)", "temperature", "1m/1m")).isEmpty();
  }

  @Test
  void everyMistakeIsReportedWithItsLineAndField() {
    String yaml =
        """
        version: 1
        rules:
          - name: temp-high
            type: threshold
            metric: temperature
            window: 5m/1m
            operator: "=>"
            threshold: eighty
            severity: urgent
            colour: red
          - name: temp-high
            type: threshold
            metric: temperature
            window: 5m/1m
            operator: ">"
            threshold: 80
            clear: 85
            severity: warning
          - name: temp-trend
            type: trend
            metric: temperature
            window: 5 minutes
            points: 2
            direction: up
            horizon: 30m
            severity: info
          - name: pressure
            type: forecast
        """;
    assertThatThrownBy(() -> RulesFile.parse("rules.yaml", yaml))
        .isInstanceOf(RulesFileException.class)
        .satisfies(
            e ->
                assertThat(((RulesFileException) e).problems())
                    .containsExactly(
                        "line 10: rules[0].colour: unknown field for a threshold rule (allowed:"
                            + " clear, description, for, metric, min_count, name, operator,"
                            + " select, severity, source, statistic, threshold, type, window)",
                        "line 9: rules[0] (temp-high).severity: 'urgent' is not one of info,"
                            + " warning, critical",
                        "line 7: rules[0] (temp-high).operator: '=>' is not one of >, >=, <, <=",
                        "line 8: rules[0] (temp-high).threshold: must be a finite number, got"
                            + " 'eighty'",
                        "line 17: rules[1] (temp-high).clear: must be on the safe side of the"
                            + " threshold (<= 80.0) for operator >",
                        "line 22: rules[2] (temp-trend).window: '5 minutes' is not a duration"
                            + " like 500ms, 10s, 5m, 1h or 1d (or ISO-8601: PT10S)",
                        "line 23: rules[2] (temp-trend).points: must be at least 3, got 2",
                        "line 24: rules[2] (temp-trend).direction: must be rising or falling",
                        "line 19: rules[2] (temp-trend).limit: is required (a number)",
                        "line 28: rules[3].type: 'forecast' is not threshold, trend or predicted_life"))
        .hasMessageStartingWith("rules.yaml: 10 problems\n  line 10: rules[0].colour");
  }

  @Test
  void duplicateNamesAndBrokenYamlAreRefused() {
    String twice =
        """
        version: 1
        rules:
          - {name: a, type: threshold, metric: m, window: 1m, operator: ">", threshold: 1, severity: info}
          - {name: a, type: threshold, metric: m, window: 1m, operator: ">", threshold: 2, severity: info}
        """;
    assertThatThrownBy(() -> RulesFile.parse("r.yaml", twice))
        .hasMessage("r.yaml: 1 problem\n  line 4: rules[1].name: 'a' is used by an earlier rule");
    assertThatThrownBy(() -> RulesFile.parse("r.yaml", "version: 1\nrules: [\n  - a: b\n"))
        .isInstanceOf(RulesFileException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> RulesFile.parse("r.yaml", "version: 2\nrulez: []\n"))
        .hasMessage(
            "r.yaml: 3 problems\n"
                + "  line 2: rulez: unknown field (allowed: rules, version)\n"
                + "  line 1: version: must be 1\n"
                + "  line 1: rules: must be a list of rules");
  }
}
