package io.plantwatch.training.rul;

import io.plantwatch.analytics.health.Features;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which metrics carry information, decided from the training data: a metric whose most frequent
 * value covers at least {@link #DOMINANT_SHARE} of the rows is constant or nearly so (in C-MAPSS
 * FD001 seven columns never change and P15 takes one value in 98 % of the rows) and only adds noise
 * for the trees to fit. The clock metric {@code cycle} is never a sensor: the machine's age enters
 * as the {@link Features#CYCLES} feature.
 *
 * <p>Given the training target, a metric must also follow it: one whose Pearson correlation with
 * the capped remaining life is below {@link #MIN_CORRELATION} in magnitude is noise around the
 * operating point (FD001's operating settings 1 and 2) and is dropped too.
 */
public final class InformativeSensors {
  public static final double DOMINANT_SHARE = 0.95;
  public static final double MIN_CORRELATION = 0.1;
  static final Set<String> NOT_SENSORS = Set.of("cycle");

  private InformativeSensors() {}

  /** The informative metrics among {@code rows} (metric → value), sorted by name. */
  public static List<String> detect(List<Map<String, Double>> rows) {
    Map<String, Map<Double, Integer>> counts = new HashMap<>();
    Map<String, Integer> present = new HashMap<>();
    for (Map<String, Double> row : rows) {
      row.forEach(
          (metric, value) -> {
            counts.computeIfAbsent(metric, m -> new HashMap<>()).merge(value, 1, Integer::sum);
            present.merge(metric, 1, Integer::sum);
          });
    }
    List<String> sensors = new ArrayList<>();
    for (String metric : new TreeSet<>(counts.keySet())) {
      if (NOT_SENSORS.contains(metric)) {
        continue;
      }
      int dominant = counts.get(metric).values().stream().max(Integer::compare).orElse(0);
      if (dominant < DOMINANT_SHARE * present.get(metric)) {
        sensors.add(metric);
      }
    }
    return sensors;
  }

  /** As {@link #detect(List)}, keeping only metrics that correlate with {@code target}. */
  public static List<String> detect(List<Map<String, Double>> rows, double[] target) {
    List<String> out = new ArrayList<>();
    for (String metric : detect(rows)) {
      double[] x = new double[rows.size()];
      double[] y = new double[rows.size()];
      int n = 0;
      for (int i = 0; i < rows.size(); i++) {
        Double v = rows.get(i).get(metric);
        if (v != null) {
          x[n] = v;
          y[n++] = target[i];
        }
      }
      if (Math.abs(correlation(x, y, n)) >= MIN_CORRELATION) {
        out.add(metric);
      }
    }
    return out;
  }

  /** Pearson correlation of the first {@code n} pairs; 0 when either side is constant. */
  static double correlation(double[] x, double[] y, int n) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }
}
