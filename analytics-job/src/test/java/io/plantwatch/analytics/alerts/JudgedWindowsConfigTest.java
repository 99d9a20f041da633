package io.plantwatch.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.RulesFile;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.EarlyBreach;
import io.plantwatch.analytics.windows.JudgedWindows;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.analytics.windows.WindowsCheckpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which windows the windows query judges for the rules, and how that names its checkpoint: a
 * checkpoint is resumed only by a job whose panes and timers mean the same.
 */
class JudgedWindowsConfigTest {
  private static final String RULES =
      """
      version: 1
      rules:
        - {name: vib, type: threshold, metric: vibration, window: 5m/1m, statistic: avg,
           operator: '>', threshold: 4.5, for: 1, severity: warning}
        - {name: temp, type: threshold, metric: temperature, window: 10s/2s, statistic: max,
           operator: '>', threshold: 90, for: 1, severity: critical}
        - {name: temp-avg, type: threshold, metric: temperature, window: 5m/1m, statistic: avg,
           operator: '>', threshold: 80, for: 1, severity: warning}
      """;

  private static JobConfig config(String... keyValues) {
    Map<String, String> raw = new HashMap<>();
    raw.put("plantwatch.checkpoint", "/cp");
    raw.put("plantwatch.windows", "5m/1m");
    raw.put("plantwatch.watermark", "2m");
    raw.put("plantwatch.alerts.watermark", "30s");
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    return JobConfig.from(raw);
  }

  private static RuleSet rules(String yaml) {
    return RulesFile.parse("rules.yaml", yaml);
  }

  @Test
  void theRulesSpecsWithTheirMetricsAndTheLeadOfTheirWatermark() {
    JudgedWindows judged = AlertPipeline.judgedWindows(rules(RULES), config());
    assertThat(judged.metrics())
        .isEqualTo(
            Map.of(
                WindowSpec.parse("5m/1m"), Set.of("vibration", "temperature"),
                WindowSpec.parse("10s/2s"), Set.of("temperature")));
    assertThat(judged.lead()).isEqualTo(Duration.ofSeconds(90));
    assertThat(judged.stepSpecs(List.of(WindowSpec.parse("5m/1m"))))
        .containsExactly(WindowSpec.parse("5m/1m"), WindowSpec.parse("10s/2s"));
  }

  @Test
  void earlyBoundsForTheRulesOnAMaximumAboveOrAMinimumBelowUnlessTurnedOff() {
    String yaml =
        RULES
            + """
              - {name: low, type: threshold, metric: pressure, window: 5m/1m, statistic: min,
                 operator: '<=', threshold: 2, for: 2, min_count: 3, severity: warning}
              - {name: quiet, type: threshold, metric: pressure, window: 5m/1m, statistic: max,
                 operator: '<', threshold: 1, for: 1, severity: warning}
            """;
    JudgedWindows judged = AlertPipeline.judgedWindows(rules(yaml), config());
    assertThat(judged.early())
        .containsExactlyInAnyOrder(
            new EarlyBreach(WindowSpec.parse("10s/2s"), "temperature", true, 90, false, 1),
            new EarlyBreach(WindowSpec.parse("5m/1m"), "pressure", false, 2, true, 3));
    assertThat(
            AlertPipeline.judgedWindows(rules(yaml), config("plantwatch.alerts.early", "false"))
                .early())
        .isEmpty();
    // Bounds do not change what the windows query keeps: the checkpoint stays.
    assertThat(WindowsCheckpoint.of(config(), judged))
        .isEqualTo(
            WindowsCheckpoint.of(
                config(),
                AlertPipeline.judgedWindows(
                    rules(yaml), config("plantwatch.alerts.early", "false"))));
  }

  @Test
  void theEarlierWayWithoutTheTopicOrWithALongerAlertWatermark() {
    assertThat(AlertPipeline.judgedWindows(null, config()).isEmpty()).isTrue();
    assertThat(
            AlertPipeline.judgedWindows(rules(RULES), config("plantwatch.alerts.judgedTopic", ""))
                .isEmpty())
        .isTrue();
    assertThat(
            AlertPipeline.judgedWindows(rules(RULES), config("plantwatch.alerts.watermark", "3m"))
                .isEmpty())
        .isTrue();
    // Equal watermarks: no lead, still judged by the windows query.
    assertThat(
            AlertPipeline.judgedWindows(rules(RULES), config("plantwatch.alerts.watermark", "2m"))
                .lead())
        .isZero();
  }

  @Test
  void theCheckpointNamesWhatShapesTheStateAndNothingElse() {
    JobConfig config = config();
    String none = WindowsCheckpoint.of(config);
    // Without rules, the name of every earlier version: their checkpoints resume.
    assertThat(none).endsWith("/windows/5m-1m");
    assertThat(WindowsCheckpoint.of(config, JudgedWindows.none())).isEqualTo(none);

    String judged = WindowsCheckpoint.of(config, AlertPipeline.judgedWindows(rules(RULES), config));
    assertThat(judged).matches(".*/windows/5m-1m\\+judged-[0-9a-f]{8}");
    // Another lead: the timers would fall elsewhere.
    JobConfig later = config("plantwatch.alerts.watermark", "1m");
    assertThat(WindowsCheckpoint.of(later, AlertPipeline.judgedWindows(rules(RULES), later)))
        .isNotEqualTo(judged);
    // Another metric on a spec outside plantwatch.windows: other series keep its panes.
    String otherMetric =
        RULES.replace("metric: temperature, window: 10s/2s", "metric: speed, window: 10s/2s");
    assertThat(
            WindowsCheckpoint.of(config, AlertPipeline.judgedWindows(rules(otherMetric), config)))
        .isNotEqualTo(judged);
    // Thresholds, and the metrics of specs inside plantwatch.windows, shape nothing there.
    String otherThreshold =
        RULES
            .replace("threshold: 90", "threshold: 95")
            .replace("metric: vibration, window: 5m/1m", "metric: pressure, window: 5m/1m");
    assertThat(
            WindowsCheckpoint.of(
                config, AlertPipeline.judgedWindows(rules(otherThreshold), config)))
        .isEqualTo(judged);
  }
}
