package io.plantwatch.analytics.health;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent windows of one machine, as much as {@link Features} needs, and how many it has had.
 * Training walks a run-to-failure trajectory through one; the streaming job keeps one per machine
 * in Spark's state.
 */
public final class MachineHistory implements Serializable {
  // 2: the smoothed statistics' state joined the history.
  private static final long serialVersionUID = 2L;

  private final Features spec;
  private final int horizon;
  private final ArrayList<Map<String, MetricWindow>> windows = new ArrayList<>();
  private long cycles;

  /** Per metric: sum and count of its averages over the first baseline windows. */
  private final HashMap<String, double[]> baseline = new HashMap<>();

  /** Per metric: the smoothed statistics' state ({@link Features#smooth}). */
  private final HashMap<String, double[]> smoothed = new HashMap<>();

  public MachineHistory(Features spec) {
    this.spec = spec;
    this.horizon = spec.horizon();
  }

  /** Adds the machine's next window (metric → statistics). */
  public void add(Map<String, MetricWindow> window) {
    windows.add(Map.copyOf(window));
    if (windows.size() > horizon) {
      windows.remove(0);
    }
    cycles++;
    if (!spec.smoothing().isEmpty()) {
      window.forEach(
          (metric, w) -> smoothed.put(metric, spec.smooth(smoothed.get(metric), w.avg())));
    }
    if (cycles <= Features.BASELINE_WINDOWS) {
      window.forEach(
          (metric, w) -> {
            double[] a = baseline.computeIfAbsent(metric, m -> new double[2]);
            a[0] += w.avg();
            a[1]++;
          });
    }
  }

  /** The features after the last window added, or null when a sensor is missing. */
  public double[] features() {
    Map<String, Double> means = new HashMap<>();
    baseline.forEach((metric, a) -> means.put(metric, a[0] / a[1]));
    return spec.of(List.copyOf(windows), cycles, means, smoothed);
  }

  public long cycles() {
    return cycles;
  }
}
