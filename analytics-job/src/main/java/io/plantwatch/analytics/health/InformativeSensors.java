package io.plantwatch.analytics.health;

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
 */
public final class InformativeSensors {
  public static final double DOMINANT_SHARE = 0.95;
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
}
