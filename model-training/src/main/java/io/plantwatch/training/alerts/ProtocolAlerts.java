package io.plantwatch.training.alerts;

import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.training.alerts.AlertEvaluation.HealthScore;
import io.plantwatch.training.alerts.AlertEvaluation.Report;
import io.plantwatch.training.alerts.AlertEvaluation.UnitResult;
import io.plantwatch.training.rul.Band;
import io.plantwatch.training.rul.RulMetrics.Prediction;
import io.plantwatch.training.rul.ValidationProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules over the validation protocol's truncations: every imitation test split's
 * trajectories (each unit observed up to its truncation) replayed through the rules, the {@code
 * predicted_life} rules reading the out-of-fold model of the unit's fold with that fold's band, as
 * a test split would be judged with a model that never saw it.
 */
public final class ProtocolAlerts {
  private ProtocolAlerts() {}

  /** One result per unit and split, in split order. */
  public static Report replay(
      RuleSet rules,
      long cycleMillis,
      ValidationProtocol.Result protocol,
      List<CmapssUnits.Trajectory> trajectories) {
    Map<Integer, CmapssUnits.Trajectory> byUnit = new LinkedHashMap<>();
    trajectories.forEach(t -> byUnit.put(t.unit(), t));
    List<UnitResult> out = new ArrayList<>();
    for (ValidationProtocol.Split split : protocol.splits()) {
      ValidationProtocol.Repeat repeat = protocol.repeats().get(split.repeat());
      for (Prediction cut : split.predictions()) {
        Band band = repeat.bandOf(cut.unit());
        AlertEvaluation evaluation =
            new AlertEvaluation(rules.withBand(band::halfWidthAt), cycleMillis);
        double[] predicted = repeat.predictions().get(cut.unit());
        List<HealthScore> health = new ArrayList<>(cut.cycle());
        for (int c = 1; c <= cut.cycle(); c++) {
          double p = predicted[c - 1];
          health.add(new HealthScore(p, p + band.halfWidthAt(p)));
        }
        out.add(evaluation.unit(truncated(byUnit.get(cut.unit()), cut.cycle()), cut.rul(), health));
      }
    }
    return new Report(out);
  }

  /** The trajectory observed up to and including {@code cycle}. */
  static CmapssUnits.Trajectory truncated(CmapssUnits.Trajectory t, int cycle) {
    Map<String, double[]> metrics = new LinkedHashMap<>();
    t.metrics().forEach((m, v) -> metrics.put(m, Arrays.copyOf(v, cycle)));
    return new CmapssUnits.Trajectory(t.unit(), Arrays.copyOf(t.cycles(), cycle), metrics);
  }
}
