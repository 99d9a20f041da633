package io.plantwatch.analytics.alerts.rules;

import java.util.List;

/**
 * Breaches when a window statistic passes a threshold; clears only once it is back beyond the clear
 * threshold, so a value hovering at the threshold does not fire and resolve every window
 * (hysteresis). Without a clear threshold, anything not breaching clears.
 *
 * @param minCount windows with fewer readings are not judged (a half-empty window is noise)
 */
public record ThresholdRule(
    String name,
    String metric,
    String window,
    Statistic statistic,
    Operator operator,
    double threshold,
    double clear,
    int forWindows,
    long minCount,
    Severity severity,
    Selector selector,
    String description)
    implements Rule {

  /**
   * A window's maximum only rises and its minimum only falls as its readings arrive (a repeat adds
   * nothing, a reading later than the watermark is dropped), and its count only grows: once {@code
   * max > threshold} (or {@code >=}), or {@code min < threshold} (or {@code <=}), with {@code
   * min_count} readings, the final window breaches too.
   */
  @Override
  public boolean breachStandsEarly() {
    return statistic == Statistic.MAX
        ? operator.rising()
        : statistic == Statistic.MIN && !operator.rising();
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
    Observation newest = history.get(history.size() - 1);
    if (newest.count() < minCount) {
      return Verdict.unknown();
    }
    double value = statistic.of(newest);
    Verdict.Signal signal;
    if (operator.test(value, threshold)) {
      signal = Verdict.Signal.BREACH;
    } else if (operator.test(value, clear)) {
      signal = Verdict.Signal.HOLD;
    } else {
      signal = Verdict.Signal.CLEAR;
    }
    return new Verdict(signal, value, threshold, null);
  }
}
