package io.plantwatch.analytics.alerts.rules;

import java.util.Locale;

/** Which statistic of a window a rule reads. */
public enum Statistic {
  AVG,
  MAX,
  MIN;

  public double of(Observation o) {
    return switch (this) {
      case AVG -> o.avg();
      case MAX -> o.max();
      case MIN -> o.min();
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
