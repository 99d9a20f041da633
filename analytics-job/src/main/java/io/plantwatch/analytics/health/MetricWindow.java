package io.plantwatch.analytics.health;

import java.io.Serializable;

/** One metric's statistics over one window of one machine, as the window query computes them. */
public record MetricWindow(double avg, double max, double min) implements Serializable {

  /** A window holding a single reading, as one C-MAPSS cycle is. */
  public static MetricWindow of(double value) {
    return new MetricWindow(value, value, value);
  }
}
