package io.plantwatch.analytics.alerts.rules;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

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
   * This rule with its limit derived from a band whose half-width around a prediction {@code p} is
   * {@code halfWidthAt(p)}: the limit is the highest value {@code field} takes while the band's
   * lower end {@code p - halfWidthAt(p)} is under {@value #WARN_WITHIN} cycles, so the rule fires
   * whenever the model cannot rule out fewer than {@value #WARN_WITHIN} cycles left. For a constant
   * half-width w that is {@code rul_cycles} below {@value #WARN_WITHIN} + w or {@code rul_high}
   * below {@value #WARN_WITHIN} + 2w; for a band that widens with the prediction it follows each
   * range's width (a single half-width near failure would leave the predictions just past a range
   * edge, with their wider band, unwarned). A limit given in the rules file is kept; {@code
   * clear_above} is raised to the limit if it is under it.
   */
  public PredictedLifeRule withBand(DoubleUnaryOperator halfWidthAt) {
    if (!fromBand()) {
      return this;
    }
    double limit = 0;
    for (int i = 0; i <= MAX_SCANNED * STEPS_PER_CYCLE; i++) {
      double p = (double) i / STEPS_PER_CYCLE;
      double w = halfWidthAt.applyAsDouble(p);
      if (p - w < WARN_WITHIN) {
        limit = Math.max(limit, field.equals("rul_high") ? p + w : p);
      }
    }
    // below is strict: the highest value that must fire fires
    limit += 1.0 / STEPS_PER_CYCLE;
    double clear = Double.isNaN(clearAbove) ? limit : Math.max(clearAbove, limit);
    return new PredictedLifeRule(
        name, field, limit, clear, forWindows, hoursPerCycle, severity, selector, description);
  }

  /** Predictions scanned for the derived limit: 0 to this many cycles, in steps of 1/100. */
  private static final int MAX_SCANNED = 2000;

  private static final int STEPS_PER_CYCLE = 100;

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
