package io.plantwatch.analytics.alerts.rules;

import java.time.Duration;
import java.util.List;

/**
 * Fits a least-squares line through the last {@code points} window statistics (x = window end) and
 * breaches when the line reaches {@code limit} within {@code horizon} of the newest window end. The
 * verdict's value is the fitted value at the newest window end and its forecast the minutes until
 * the line reaches the limit (0 when the fitted value is past it already).
 */
public record TrendRule(
    String name,
    String metric,
    String window,
    Statistic statistic,
    int points,
    boolean rising,
    double limit,
    Duration horizon,
    int forWindows,
    long minCount,
    Severity severity,
    Selector selector,
    String description)
    implements Rule {

  @Override
  public int historySize() {
    return points;
  }

  @Override
  public Verdict check(List<Observation> history) {
    if (history.size() < points) {
      return Verdict.unknown();
    }
    List<Observation> recent = history.subList(history.size() - points, history.size());
    if (recent.stream().anyMatch(o -> o.count() < minCount)) {
      return Verdict.unknown();
    }
    long t0 = recent.get(points - 1).windowEnd();
    double sx = 0;
    double sy = 0;
    for (Observation o : recent) {
      sx += minutes(o.windowEnd() - t0);
      sy += statistic.of(o);
    }
    double mx = sx / points;
    double my = sy / points;
    double sxy = 0;
    double sxx = 0;
    for (Observation o : recent) {
      double dx = minutes(o.windowEnd() - t0) - mx;
      sxy += dx * (statistic.of(o) - my);
      sxx += dx * dx;
    }
    if (sxx == 0) {
      return Verdict.unknown();
    }
    double slope = sxy / sxx;
    double fittedNow = my - slope * mx; // the line at x = 0, the newest window end
    double toLimit = limit - fittedNow; // > 0 while below the limit
    boolean past = rising ? toLimit <= 0 : toLimit >= 0;
    Double forecast;
    if (past) {
      forecast = 0.0;
    } else if (rising ? slope > 0 : slope < 0) {
      forecast = toLimit / slope;
    } else {
      forecast = null; // moving away from the limit: no crossing ahead
    }
    boolean breach = forecast != null && forecast <= horizon.toMillis() / 60_000.0;
    return new Verdict(
        breach ? Verdict.Signal.BREACH : Verdict.Signal.CLEAR, fittedNow, limit, forecast);
  }

  private static double minutes(long millis) {
    return millis / 60_000.0;
  }
}
