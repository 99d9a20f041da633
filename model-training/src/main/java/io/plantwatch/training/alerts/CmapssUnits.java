package io.plantwatch.training.alerts;

import io.plantwatch.training.rul.CmapssData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C-MAPSS trajectories as the rules read them: one array of values per metric, in the gateway's
 * canonical units. The file is read and converted by {@link CmapssData}, the same code the health
 * model trains on, so rules and model see the same numbers as the stream.
 */
public final class CmapssUnits {
  /** One engine's cycles, values per metric already in gateway units. */
  public record Trajectory(int unit, int[] cycles, Map<String, double[]> metrics) {
    public int lastCycle() {
      return cycles[cycles.length - 1];
    }
  }

  private CmapssUnits() {}

  public static List<Trajectory> read(Path file) throws IOException {
    return of(CmapssData.read(file));
  }

  /** The per-metric arrays of trajectories already read. */
  public static List<Trajectory> of(Map<Integer, CmapssData.Trajectory> data) {
    List<Trajectory> out = new ArrayList<>();
    for (CmapssData.Trajectory t : data.values()) {
      List<Map<String, Double>> rows = t.cycles();
      int[] cycles = new int[rows.size()];
      Map<String, double[]> metrics = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        cycles[i] = i + 1;
        for (Map.Entry<String, Double> m : rows.get(i).entrySet()) {
          if (!m.getKey().equals("cycle")) {
            metrics.computeIfAbsent(m.getKey(), k -> new double[rows.size()])[i] = m.getValue();
          }
        }
      }
      out.add(new Trajectory(t.unit(), cycles, metrics));
    }
    return out;
  }
}
