package io.plantwatch.analytics.health;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health model's inputs, computed here and nowhere else: training (model-training's {@code
 * RulTraining}) and the streaming job ({@link HealthScoring}) both call {@link #of}, so what the
 * model was fitted on and what it is scored on cannot drift apart.
 *
 * <p>For every sensor, over the last {@code horizon} windows of a machine (fewer at the start of
 * its life): the last window's average, the mean of the window averages, the largest maximum, the
 * smallest minimum, the least-squares slope of the window averages per window, and the drift: the
 * mean minus the machine's own baseline (the mean of its first {@link #BASELINE_WINDOWS} window
 * averages), which removes each machine's initial offset; and, once, the number of windows the
 * machine has had (its age in cycles).
 *
 * <p>For every sensor and every span of {@code smoothing}: the level and the slope of the window
 * averages smoothed exponentially over the machine's whole life (Brown's double smoothing, weight
 * 2/(span+1)), the level minus the baseline. A span reaches further back than the horizon at the
 * cost of nothing but two numbers of state, and the smoothing damps the sensor noise that a
 * 30-window mean and slope still carry near failure, where the error costs most.
 *
 * @param sensors the metrics used, chosen from training data by model-training's {@code
 *     InformativeSensors}
 * @param horizon how many recent windows the statistics look at
 * @param smoothing the spans (in windows) of the smoothed levels and slopes; empty = none, as
 *     models before smoothing existed were trained
 */
public record Features(List<String> sensors, int horizon, List<Integer> smoothing)
    implements Serializable {
  public static final String CYCLES = "cycles";
  static final String[] STATS = {"last", "mean", "max", "min", "slope", "drift"};
  static final String[] SMOOTHED = {"level", "trend"};

  /** Windows at the start of a machine's life whose mean is its own baseline. */
  public static final int BASELINE_WINDOWS = 10;

  /** Without smoothed statistics. */
  public Features(List<String> sensors, int horizon) {
    this(sensors, horizon, List.of());
  }

  public Features {
    sensors = List.copyOf(sensors);
    smoothing = smoothing == null ? List.of() : List.copyOf(smoothing);
    if (smoothing.stream().anyMatch(span -> span < 2)) {
      throw new IllegalArgumentException(
          "smoothing spans must be at least 2 windows: " + smoothing);
    }
    if (sensors.isEmpty()) {
      throw new IllegalArgumentException("no informative sensor: the model would have no input");
    }
    if (horizon < 2) {
      throw new IllegalArgumentException("horizon must be at least 2 windows, got " + horizon);
    }
  }

  /** Column names, in the order of {@link #of}. */
  public List<String> names() {
    List<String> names = new ArrayList<>(size());
    for (String sensor : sensors) {
      for (String stat : STATS) {
        names.add(sensor + "_" + stat);
      }
      for (int span : smoothing) {
        for (String stat : SMOOTHED) {
          names.add(sensor + "_ewm" + span + "_" + stat);
        }
      }
    }
    names.add(CYCLES);
    return names;
  }

  private int size() {
    return sensors.size() * (STATS.length + SMOOTHED.length * smoothing.size()) + 1;
  }

  /**
   * The features after the newest of {@code windows} (oldest first; only the last {@code horizon}
   * count), for a machine that has had {@code cycles} windows. Null when a sensor is missing from
   * every one of them: the model cannot be scored without it. {@code baseline} holds each sensor's
   * mean over the machine's first windows, {@code smoothed} each sensor's state of {@link #smooth}.
   */
  public double[] of(
      List<Map<String, MetricWindow>> windows,
      long cycles,
      Map<String, Double> baseline,
      Map<String, double[]> smoothed) {
    int from = Math.max(0, windows.size() - horizon);
    List<Map<String, MetricWindow>> recent = windows.subList(from, windows.size());
    double[] out = new double[size()];
    int i = 0;
    for (String sensor : sensors) {
      double[] avgs = new double[recent.size()];
      int n = 0;
      double max = Double.NEGATIVE_INFINITY;
      double min = Double.POSITIVE_INFINITY;
      for (Map<String, MetricWindow> window : recent) {
        MetricWindow w = window.get(sensor);
        if (w != null) {
          avgs[n++] = w.avg();
          max = Math.max(max, w.max());
          min = Math.min(min, w.min());
        }
      }
      if (n == 0) {
        return null;
      }
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += avgs[k];
      }
      out[i++] = avgs[n - 1];
      out[i++] = sum / n;
      out[i++] = max;
      out[i++] = min;
      out[i++] = slope(avgs, n);
      Double base = baseline.get(sensor);
      out[i++] = base == null ? 0 : sum / n - base;
      double[] state = smoothed.get(sensor);
      for (int k = 0; k < smoothing.size(); k++) {
        double s1 = state[2 * k];
        double s2 = state[2 * k + 1];
        double alpha = alpha(smoothing.get(k));
        out[i++] = 2 * s1 - s2 - (base == null ? 0 : base);
        out[i++] = alpha / (1 - alpha) * (s1 - s2);
      }
    }
    out[i] = cycles;
    return out;
  }

  /**
   * A new state of the smoothed statistics of one sensor after a window average {@code value}
   * ({@code state} null before the first): per span, the once and twice smoothed averages.
   */
  public double[] smooth(double[] state, double value) {
    double[] next = new double[2 * smoothing.size()];
    for (int k = 0; k < smoothing.size(); k++) {
      if (state == null) {
        next[2 * k] = value;
        next[2 * k + 1] = value;
      } else {
        double alpha = alpha(smoothing.get(k));
        next[2 * k] = alpha * value + (1 - alpha) * state[2 * k];
        next[2 * k + 1] = alpha * next[2 * k] + (1 - alpha) * state[2 * k + 1];
      }
    }
    return next;
  }

  private static double alpha(int span) {
    return 2.0 / (span + 1);
  }

  /**
   * Least-squares slope of {@code y[0..n)} against 0, 1, …, n-1: change per window. Zero for a
   * single point, where no trend can be seen.
   */
  static double slope(double[] y, int n) {
    if (n < 2) {
      return 0;
    }
    double meanX = (n - 1) / 2.0;
    double meanY = 0;
    for (int k = 0; k < n; k++) {
      meanY += y[k];
    }
    meanY /= n;
    double sxy = 0;
    double sxx = 0;
    for (int k = 0; k < n; k++) {
      double dx = k - meanX;
      sxy += dx * (y[k] - meanY);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }
}
