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
 * <p>Without a {@code below} in the rules file the limit comes from the model's band ({@link
 * #withBand}): the rule fires once the band's lower end reaches {@value #WARN_WITHIN} cycles, i.e.
 * once the model can no longer rule out that fewer than {@value #WARN_WITHIN} cycles are left. A
 * fixed limit on the band's top (50 on {@code rul_high}, the rule before) let engines the model put
 * at 26-31 cycles pass unwarned whenever the band was wider than 20 cycles.
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

  /** Remaining life within which a machine must have been warned, in cycles. */
  public static final int WARN_WITHIN = 30;

  /** True when the limit is still to be derived from a model's band ({@code below} not given). */
  public boolean fromBand() {
    return Double.isNaN(below);
  }

  /**
   * This rule with its limit derived from a band of half-width {@code halfWidth} near failure: the
   * band's lower end {@code rul_cycles - halfWidth} below {@value #WARN_WITHIN} is {@code
   * rul_cycles} below {@value #WARN_WITHIN} + halfWidth, or {@code rul_high} below {@value
   * #WARN_WITHIN} + 2 halfWidth. A limit given in the rules file is kept; {@code clear_above} is
   * raised to the limit if it is under it.
   */
  public PredictedLifeRule withBand(double halfWidth) {
    if (!fromBand()) {
      return this;
    }
    double limit = WARN_WITHIN + (field.equals("rul_high") ? 2 : 1) * halfWidth;
    double clear = Double.isNaN(clearAbove) ? limit : Math.max(clearAbove, limit);
    return new PredictedLifeRule(
        name, field, limit, clear, forWindows, hoursPerCycle, severity, selector, description);
  }

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
