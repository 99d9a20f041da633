package io.plantwatch.analytics.alerts.rules;

import java.util.List;

/**
 * Breaches when the health model's predicted remaining life falls below a limit: {@code field} is
 * {@code rul_high} (the top of the uncertainty band: fires only when even the optimistic estimate
 * is short, so it rarely fires early) or {@code rul_cycles} (the point estimate). It reads the
 * streaming job's {@code machine_health} scores, one per machine and cycle, as observations of
 * metric {@code field} in window {@value #WINDOW}. It clears once the value is at or above {@code
 * clearAbove} (hysteresis; a maintenance that resets the machine clears it).
 *
 * @param hoursPerCycle how many hours one model cycle stands for at this plant, for the mail
 *     (C-MAPSS counts flights; a plant counts hours); 0 = not stated
 */
public record PredictedLifeRule(
    String name,
    String field,
    double below,
    double clearAbove,
    int forWindows,
    double hoursPerCycle,
    Severity severity,
    Selector selector,
    String description)
    implements Rule {
  /** The window label of health observations. */
  public static final String WINDOW = "health";

  public static final List<String> FIELDS = List.of("rul_high", "rul_cycles");

  @Override
  public String metric() {
    return field;
  }

  @Override
  public String window() {
    return WINDOW;
  }

  @Override
  public Statistic statistic() {
    return Statistic.AVG;
  }

  @Override
  public int historySize() {
    return 1;
  }

  @Override
  public Verdict check(List<Observation> history) {
    if (history.isEmpty()) {
      return Verdict.unknown();
    }
    double value = history.get(history.size() - 1).avg();
    Verdict.Signal signal;
    if (value < below) {
      signal = Verdict.Signal.BREACH;
    } else if (value < clearAbove) {
      signal = Verdict.Signal.HOLD;
    } else {
      signal = Verdict.Signal.CLEAR;
    }
    return new Verdict(signal, value, below, null);
  }
}
