package io.plantwatch.analytics.alerts.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C-MAPSS trajectories as the pipeline sees them: the metric names {@code gateway replay}
 * publishes, in the gateway's canonical units (degR → degC, psia → bar), so that rules written for
 * the stream are evaluated on the same numbers.
 */
public final class CmapssUnits {
  /** Columns after unit and cycle: metric name and the conversion to the gateway's unit. */
  static final List<String> CHANNELS =
      List.of(
          "op_setting_1",
          "op_setting_2",
          "op_setting_3",
          "T2",
          "T24",
          "T30",
          "T50",
          "P2",
          "P15",
          "P30",
          "Nf",
          "Nc",
          "epr",
          "Ps30",
          "phi",
          "NRf",
          "NRc",
          "BPR",
          "farB",
          "htBleed",
          "Nf_dmd",
          "PCNfR_dmd",
          "W31",
          "W32");

  /** One pound-force per square inch in bar (6894.757293168 Pa, NIST SP 811). */
  static final double BAR_PER_PSI = 0.06894757293168;

  /** One engine's cycles, values per metric already in gateway units. */
  public record Trajectory(int unit, int[] cycles, Map<String, double[]> metrics) {
    public int lastCycle() {
      return cycles[cycles.length - 1];
    }
  }

  private CmapssUnits() {}

  static double toGatewayUnit(String channel, double raw) {
    return switch (channel) {
      case "T2", "T24", "T30", "T50" -> (raw - 491.67) * 5.0 / 9.0; // degR → degC
      case "P2", "P15", "P30", "Ps30" -> raw * BAR_PER_PSI; // psia → bar
      default -> raw;
    };
  }

  public static List<Trajectory> read(Path file) throws IOException {
    Map<Integer, List<double[]>> rows = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        String t = line.strip();
        if (t.isEmpty()) {
          continue;
        }
        String[] cols = t.split("\\s+");
        if (cols.length != CHANNELS.size() + 2) {
          throw new IOException(
              file + " line " + number + ": " + cols.length + " columns, expected 26 (C-MAPSS)");
        }
        double[] v = new double[cols.length];
        try {
          for (int i = 0; i < cols.length; i++) {
            v[i] = Double.parseDouble(cols[i]);
          }
        } catch (NumberFormatException e) {
          throw new IOException(file + " line " + number + ": not a number: " + e.getMessage());
        }
        rows.computeIfAbsent((int) v[0], u -> new ArrayList<>()).add(v);
      }
    }
    List<Trajectory> out = new ArrayList<>();
    for (Map.Entry<Integer, List<double[]>> e : rows.entrySet()) {
      List<double[]> r = e.getValue();
      r.sort((a, b) -> Double.compare(a[1], b[1]));
      int[] cycles = new int[r.size()];
      Map<String, double[]> metrics = new LinkedHashMap<>();
      for (String c : CHANNELS) {
        metrics.put(c, new double[r.size()]);
      }
      for (int i = 0; i < r.size(); i++) {
        cycles[i] = (int) r.get(i)[1];
        for (int c = 0; c < CHANNELS.size(); c++) {
          metrics.get(CHANNELS.get(c))[i] = toGatewayUnit(CHANNELS.get(c), r.get(i)[c + 2]);
        }
      }
      out.add(new Trajectory(e.getKey(), cycles, metrics));
    }
    return out;
  }

  /** True remaining lives at the last test cycle, one a line, unit 1 first. */
  public static List<Integer> readRul(Path file) throws IOException {
    List<Integer> out = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(Integer.parseInt(line.strip()));
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + number + ": not a whole number: " + line.strip());
      }
    }
    return out;
  }
}
