package io.plantwatch.analytics.alerts.lifecycle;

import java.util.Locale;

/**
 * The states of an alert (per machine and rule) and the events the lifecycle emits. {@code OK},
 * {@code PENDING} and {@code FIRING} are states; {@code RESOLVED} is emitted when FIRING ends and
 * the alert is then OK again. {@code STALE} is a state entered when a PENDING or FIRING alert's
 * machine stops sending data; {@code FLAPPING} and {@code FLAPPING_ENDED} are events about the
 * alert's stability, not states.
 */
public enum AlertPhase {
  OK,
  PENDING,
  FIRING,
  RESOLVED,
  STALE,
  FLAPPING,
  FLAPPING_ENDED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
