package io.plantwatch.analytics.alerts.lifecycle;

import io.plantwatch.analytics.alerts.rules.Observation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the lifecycle remembers per machine and rule between windows; Spark keeps it in the state
 * store (checkpointed), the evaluation in memory. Mutable on purpose: it is updated in place by
 * {@link AlertLifecycle} and stored back whole.
 */
public final class AlertState implements Serializable {
  private static final long serialVersionUID = 1L;

  AlertPhase phase = AlertPhase.OK;

  /** Before STALE: PENDING or FIRING, to know what returning data continues. */
  AlertPhase beforeStale = AlertPhase.OK;

  int breaches;
  long lastWindowEnd = Long.MIN_VALUE;
  final List<Observation> history = new ArrayList<>();

  /** Event times of recent FIRING/RESOLVED transitions, for flapping. */
  final List<Long> transitions = new ArrayList<>();

  boolean flapping;
  int transitionsWhileFlapping;

  public AlertPhase phase() {
    return phase;
  }

  public boolean flapping() {
    return flapping;
  }

  public long lastWindowEnd() {
    return lastWindowEnd;
  }
}
