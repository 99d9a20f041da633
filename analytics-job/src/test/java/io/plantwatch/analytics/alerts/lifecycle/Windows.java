package io.plantwatch.analytics.alerts.lifecycle;

import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/** Feeds values as consecutive one-minute windows (window n ends at n minutes) to a lifecycle. */
final class Windows {
  static final long MINUTE = 60_000;
  static final MachineKey KEY = new MachineKey("hamburg", "L1", "press 7");

  private Windows() {}

  static Observation window(Rule rule, int n, double value) {
    return new Observation(rule.metric(), rule.window(), n * MINUTE, value, value, value, 10);
  }

  /** Every event of feeding {@code values} as windows 1, 2, 3, …, as "window:STATE" lines. */
  static List<String> run(AlertLifecycle lifecycle, Rule rule, AlertState s, double... values) {
    List<String> out = new ArrayList<>();
    for (AlertEvent e : events(lifecycle, rule, s, 1, values)) {
      out.add(e.at() / MINUTE + ":" + e.state());
    }
    return out;
  }

  static List<AlertEvent> events(
      AlertLifecycle lifecycle, Rule rule, AlertState s, int first, double... values) {
    List<AlertEvent> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.addAll(lifecycle.observe(KEY, rule, s, window(rule, first + i, values[i])));
    }
    return out;
  }
}
