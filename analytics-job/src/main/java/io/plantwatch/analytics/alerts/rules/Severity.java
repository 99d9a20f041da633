package io.plantwatch.analytics.alerts.rules;

import java.util.Locale;

/** How urgent an alert is; the text form is the tag written to InfluxDB and Kafka. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
