package io.plantwatch.analytics.alerts.rules;

/**
 * What a rule says of the newest window.
 *
 * @param signal breach, clear, in between (hysteresis band) or unknown (not enough data)
 * @param value the value compared (a statistic, or the fitted trend value)
 * @param threshold the limit compared against
 * @param forecastMinutes for trend rules, estimated minutes until the limit is crossed (0 when it
 *     already is); null for rules without a forecast
 */
public record Verdict(Signal signal, double value, double threshold, Double forecastMinutes) {
  /** The four answers a rule gives. */
  public enum Signal {
    /** The condition holds. */
    BREACH,
    /** Neither breaching nor clear: inside the hysteresis band; the state stays as it is. */
    HOLD,
    /** Back on the safe side of the clear threshold. */
    CLEAR,
    /** Not enough data to judge (too few readings, too few windows for a trend). */
    UNKNOWN
  }

  public static Verdict unknown() {
    return new Verdict(Signal.UNKNOWN, Double.NaN, Double.NaN, null);
  }
}
