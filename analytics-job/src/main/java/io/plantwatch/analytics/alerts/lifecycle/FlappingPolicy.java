package io.plantwatch.analytics.alerts.lifecycle;

import java.io.Serializable;
import java.time.Duration;

/**
 * An alert flaps when it makes more than {@code maxTransitions} FIRING/RESOLVED transitions within
 * {@code period} of event time. While it flaps, its transitions are still published but not mailed;
 * it stops flapping when a whole period passes without a transition.
 */
public record FlappingPolicy(int maxTransitions, Duration period) implements Serializable {
  public static final FlappingPolicy DEFAULT = new FlappingPolicy(4, Duration.ofHours(1));
}
