package io.plantwatch.analytics.windows;

import java.io.Serializable;

/**
 * A bound on the maximum (or minimum) of a metric's windows of one spec that an alert rule fires
 * on, which the windows step checks on windows still filling ({@link JudgedWindows}). A window's
 * maximum only rises and its minimum only falls as readings arrive, so once one crosses the bound
 * with {@code minCount} readings, the final window does too.
 *
 * @param onMax the bound is on the maximum ({@code max > bound}), else on the minimum ({@code min <
 *     bound})
 * @param inclusive {@code >=} or {@code <=} rather than {@code >} or {@code <}
 */
public record EarlyBreach(
    WindowSpec spec, String metric, boolean onMax, double bound, boolean inclusive, long minCount)
    implements Serializable {

  /** Whether a window with these statistics so far crosses the bound. */
  public boolean crossedBy(double max, double min, long count) {
    if (count < minCount) {
      return false;
    }
    if (onMax) {
      return inclusive ? max >= bound : max > bound;
    }
    return inclusive ? min <= bound : min < bound;
  }
}
