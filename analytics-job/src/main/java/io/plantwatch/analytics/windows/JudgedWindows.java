package io.plantwatch.analytics.windows;

import java.io.Serializable;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windows the alert rules judge, as the windows step emits them: for each window spec the rules
 * read, the metrics they read in it; and how much sooner than the windows' own watermark a window
 * is final for the rules ({@code lead} = {@code plantwatch.watermark} − {@code
 * plantwatch.alerts.watermark}). Each such window is emitted once, as a row with {@code judged}
 * set, in the first micro-batch whose watermark plus {@code lead} has passed its end, or sooner, in
 * a batch whose readings of the window's series are {@code plantwatch.alerts.watermark} past its
 * end: its value is then what the rules judge, and readings arriving later change the dashboards'
 * value only.
 *
 * <p>With {@code early} bounds, a batch with readings of a series also emits, per spec, the first
 * window of the series (by end) that is not judged yet and whose readings so far cross one of its
 * metric's bounds, as a row with {@code judged} false: a rule may fire on it before the window is
 * final. Later batches with readings of the series emit it again until it is judged; the alert
 * lifecycle takes a window once.
 */
public record JudgedWindows(
    Map<WindowSpec, Set<String>> metrics, Duration lead, List<EarlyBreach> early)
    implements Serializable {
  public JudgedWindows {
    metrics = Map.copyOf(metrics);
    early = List.copyOf(early);
    if (lead.isNegative()) {
      throw new IllegalArgumentException("lead must not be negative: " + lead);
    }
    for (EarlyBreach b : early) {
      if (!metrics.getOrDefault(b.spec(), Set.of()).contains(b.metric())) {
        throw new IllegalArgumentException(
            "an early bound on "
                + b.metric()
                + " in "
                + b.spec().label()
                + ", which no rule reads");
      }
    }
  }

  /** Without early bounds: every window the rules read is judged when final for them. */
  public JudgedWindows(Map<WindowSpec, Set<String>> metrics, Duration lead) {
    this(metrics, lead, List.of());
  }

  /** No rule reads the windows step. */
  public static JudgedWindows none() {
    return new JudgedWindows(Map.of(), Duration.ZERO);
  }

  public boolean isEmpty() {
    return metrics.isEmpty();
  }

  /**
   * The specs of the windows step: {@code windows} (emitted on every change, in their order), then
   * the judged specs that are not among them (emitted only when judged), by id.
   */
  public List<WindowSpec> stepSpecs(List<WindowSpec> windows) {
    Set<WindowSpec> all = new LinkedHashSet<>(windows);
    metrics.keySet().stream()
        .filter(spec -> !windows.contains(spec))
        .sorted(Comparator.comparing(WindowSpec::id))
        .forEach(all::add);
    return List.copyOf(all);
  }
}
