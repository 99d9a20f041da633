package io.plantwatch.training.alerts;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.alerts.lifecycle.AlertState;
import io.plantwatch.analytics.alerts.lifecycle.FlappingPolicy;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.PredictedLifeRule;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.training.alerts.CmapssUnits.Trajectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays run-to-failure trajectories through the rule set and the alert lifecycle, exactly as the
 * streaming job would see them after {@code gateway replay}: cycle {@code c} at event time {@code
 * (c - 1) × cycleMillis}, the window statistics of each rule's window spec computed over those
 * readings, windows judged in event-time order.
 *
 * <p>A window ending at {@code end} is attributed to the newest cycle it holds; it is the moment
 * the job could have raised the alert. Windows after the unit's last cycle are never judged (the
 * engine has failed by then).
 */
public final class AlertEvaluation {
  /** Cycles of remaining life above which an engine counts as healthy (piece-wise RUL cap). */
  public static final int HEALTHY_RUL = 125;

  /** Remaining life at the last test cycle at or below which a unit without alert is missed. */
  public static final int MISSED_RUL = PredictedLifeRule.WARN_WITHIN;

  /** The outcome for one unit. */
  public record UnitResult(
      int unit,
      int cycles,
      int rulAtEnd,
      Integer firstAlertCycle,
      Integer rulAtFirstAlert,
      String firstRule,
      boolean falseAlarm) {
    public boolean alerted() {
      return firstAlertCycle != null;
    }

    /** Fails in the data, or has {@value MISSED_RUL} cycles or fewer left, and no alert. */
    public boolean missed() {
      return !alerted() && rulAtEnd <= MISSED_RUL;
    }
  }

  /** All units and the totals. */
  public record Report(List<UnitResult> units) {
    public long alerted() {
      return units.stream().filter(UnitResult::alerted).count();
    }

    public long falseAlarms() {
      return units.stream().filter(UnitResult::falseAlarm).count();
    }

    public long missed() {
      return units.stream().filter(UnitResult::missed).count();
    }

    public Double medianRulAtFirstAlert() {
      List<Integer> r = leads();
      if (r.isEmpty()) {
        return null;
      }
      int n = r.size();
      return n % 2 == 1 ? r.get(n / 2) : (r.get(n / 2 - 1) + r.get(n / 2)) / 2.0;
    }

    public Integer minRulAtFirstAlert() {
      List<Integer> r = leads();
      return r.isEmpty() ? null : r.get(0);
    }

    private List<Integer> leads() {
      return units.stream()
          .filter(UnitResult::alerted)
          .map(UnitResult::rulAtFirstAlert)
          .sorted()
          .toList();
    }
  }

  private final RuleSet rules;
  private final long cycleMillis;
  private final AlertLifecycle lifecycle;

  public AlertEvaluation(RuleSet rules, long cycleMillis) {
    this.rules = rules;
    this.cycleMillis = cycleMillis;
    // Nothing goes silent in a replay: stale timeouts never fire here.
    this.lifecycle = new AlertLifecycle(FlappingPolicy.DEFAULT, Duration.ofDays(365));
  }

  /**
   * @param rulAtEnd per trajectory, its true remaining life at its last cycle (0 for training
   *     units, which run to failure)
   */
  public Report run(List<Trajectory> trajectories, Map<Integer, Integer> rulAtEnd) {
    return run(trajectories, rulAtEnd, Map.of());
  }

  /**
   * @param health per unit, the health model's scores at each of its cycles, in cycle order (as the
   *     streaming job writes them to {@code machine_health}): what {@code predicted_life} rules
   *     read; units without scores are judged by the other rules only
   */
  public Report run(
      List<Trajectory> trajectories,
      Map<Integer, Integer> rulAtEnd,
      Map<Integer, List<HealthScore>> health) {
    List<UnitResult> out = new ArrayList<>();
    for (Trajectory t : trajectories) {
      out.add(unit(t, rulAtEnd.getOrDefault(t.unit(), 0), health.get(t.unit())));
    }
    return new Report(out);
  }

  /** The model's output at one cycle. */
  public record HealthScore(double rulCycles, double rulHigh) {
    double field(String name) {
      return name.equals("rul_high") ? rulHigh : rulCycles;
    }
  }

  UnitResult unit(Trajectory t, int rulAtEnd) {
    return unit(t, rulAtEnd, null);
  }

  UnitResult unit(Trajectory t, int rulAtEnd, List<HealthScore> health) {
    MachineKey key = new MachineKey("cmapss", "FD001", "engine-" + t.unit());
    Integer firstCycle = null;
    String firstRule = null;
    boolean falseAlarm = false;
    for (Rule rule : rules.rules()) {
      if (rule instanceof PredictedLifeRule p) {
        if (health == null || !rule.selector().matches(key.site(), key.line(), key.machine())) {
          continue;
        }
        AlertState state = new AlertState();
        for (int i = 0; i < health.size(); i++) {
          int cycle = t.cycles()[i];
          double v = health.get(i).field(p.field());
          Observation o =
              new Observation(p.field(), PredictedLifeRule.WINDOW, cycle * cycleMillis, v, v, v, 1);
          int rul = rulAtEnd + t.lastCycle() - cycle;
          for (AlertEvent e : lifecycle.observe(key, rule, state, o)) {
            if (e.state() == AlertPhase.FIRING) {
              falseAlarm |= rul > HEALTHY_RUL;
              if (firstCycle == null || cycle < firstCycle) {
                firstCycle = cycle;
                firstRule = rule.name();
              }
            }
          }
        }
        continue;
      }
      double[] values = t.metrics().get(rule.metric());
      if (values == null || !rule.selector().matches(key.site(), key.line(), key.machine())) {
        continue;
      }
      AlertState state = new AlertState();
      WindowSpec spec = WindowSpec.parse(rule.window());
      long length = spec.length().toMillis();
      long slide = spec.slide().toMillis();
      long lastTs = (long) (t.lastCycle() - 1) * cycleMillis;
      for (long end = slide; end - slide <= lastTs; end += slide) {
        Observation o = window(t, rule.metric(), values, rule.window(), end - length, end);
        if (o == null) {
          continue;
        }
        int cycle = (int) Math.min(t.lastCycle(), (end - 1) / cycleMillis + 1);
        int rul = rulAtEnd + t.lastCycle() - cycle;
        for (AlertEvent e : lifecycle.observe(key, rule, state, o)) {
          if (e.state() != AlertPhase.FIRING) {
            continue;
          }
          falseAlarm |= rul > HEALTHY_RUL;
          if (firstCycle == null || cycle < firstCycle) {
            firstCycle = cycle;
            firstRule = rule.name();
          }
        }
      }
    }
    Integer lead = firstCycle == null ? null : rulAtEnd + t.lastCycle() - firstCycle;
    return new UnitResult(
        t.unit(), t.cycles().length, rulAtEnd, firstCycle, lead, firstRule, falseAlarm);
  }

  private Observation window(
      Trajectory t, String metric, double[] values, String label, long start, long end) {
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    long count = 0;
    for (int i = 0; i < values.length; i++) {
      long ts = (long) (t.cycles()[i] - 1) * cycleMillis;
      if (ts >= start && ts < end) {
        sum += values[i];
        max = Math.max(max, values[i]);
        min = Math.min(min, values[i]);
        count++;
      }
    }
    return count == 0 ? null : new Observation(metric, label, end, sum / count, max, min, count);
  }
}
