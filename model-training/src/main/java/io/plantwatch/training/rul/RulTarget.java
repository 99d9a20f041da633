package io.plantwatch.training.rul;

/**
 * The remaining-useful-life target and its scores, as the C-MAPSS literature defines them: the true
 * RUL is capped at {@code cap} cycles (piecewise-linear: flat early in life, then falling to 0),
 * and predictions are scored against the capped value by RMSE and by the PHM08 score, which
 * punishes late predictions (the machine fails before the model said) harder than early ones.
 */
public final class RulTarget {
  public static final int DEFAULT_CAP = 125;

  private RulTarget() {}

  /** The capped target at cycle {@code cycle} of a run that fails after {@code lastCycle}. */
  public static double capped(int lastCycle, int cycle, int cap) {
    return capped(lastCycle - cycle, cap);
  }

  public static double capped(double rul, int cap) {
    return Math.min(rul, cap);
  }

  /**
   * PHM08 score of one prediction, {@code d = predicted - true}: {@code exp(-d/13) - 1} when early
   * (d &lt; 0), {@code exp(d/10) - 1} when late. Lower is better; 0 is exact.
   */
  public static double phm08(double d) {
    return d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  }
}
