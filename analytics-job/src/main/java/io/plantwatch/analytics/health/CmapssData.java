package io.plantwatch.analytics.health;

import io.plantwatch.telemetry.CanonicalUnits;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.Measurement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * C-MAPSS text files (26 whitespace-separated columns: unit, cycle, 3 settings, 21 sensors) read as
 * the stream sees them: metric names and units as {@code bin/plantwatch gateway replay} sends them,
 * converted to canonical units by the same {@link CanonicalUnits} the gateway uses (°R → °C, psia →
 * bar). Training on these values means the model never sees raw file units the stream cannot give
 * it.
 */
public final class CmapssData {
  static final int COLUMNS = 26;

  /** Metric names and units after unit and cycle, as the gateway's replay names them. */
  static final String[][] CHANNELS = {
    {"op_setting_1", ""},
    {"op_setting_2", ""},
    {"op_setting_3", ""},
    {"T2", "degR"},
    {"T24", "degR"},
    {"T30", "degR"},
    {"T50", "degR"},
    {"P2", "psia"},
    {"P15", "psia"},
    {"P30", "psia"},
    {"Nf", "rpm"},
    {"Nc", "rpm"},
    {"epr", ""},
    {"Ps30", "psia"},
    {"phi", "pps/psi"},
    {"NRf", "rpm"},
    {"NRc", "rpm"},
    {"BPR", ""},
    {"farB", ""},
    {"htBleed", ""},
    {"Nf_dmd", "rpm"},
    {"PCNfR_dmd", "rpm"},
    {"W31", "lbm/s"},
    {"W32", "lbm/s"}
  };

  /** One engine's cycles in order, each as metric → value in canonical units. */
  public record Trajectory(int unit, List<Map<String, Double>> cycles) {
    public int lastCycle() {
      return cycles.size();
    }
  }

  private CmapssData() {}

  /** Every unit of {@code file}, by unit number; a malformed line is an error naming it. */
  public static TreeMap<Integer, Trajectory> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    CanonicalUnits units = CanonicalUnits.withDefaults();
    TreeMap<Integer, List<Map<String, Double>>> byUnit = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] cols = trimmed.split("\\s+");
        if (cols.length != COLUMNS) {
          throw new IOException(
              file + " line " + number + ": " + cols.length + " columns, C-MAPSS has " + COLUMNS);
        }
        try {
          int unit = Integer.parseInt(cols[0]);
          int cycle = Integer.parseInt(cols[1]);
          List<Map<String, Double>> cycles = byUnit.computeIfAbsent(unit, u -> new ArrayList<>());
          if (cycle != cycles.size() + 1) {
            throw new IOException(
                file + " line " + number + ": unit " + unit + " cycle " + cycle + " out of order");
          }
          Map<String, Double> row = new LinkedHashMap<>();
          row.put("cycle", (double) cycle);
          for (int i = 0; i < CHANNELS.length; i++) {
            row.put(CHANNELS[i][0], canonical(units, CHANNELS[i], Double.parseDouble(cols[i + 2])));
          }
          cycles.add(row);
        } catch (NumberFormatException e) {
          throw new IOException(file + " line " + number + ": not a number: " + e.getMessage(), e);
        }
      }
    }
    TreeMap<Integer, Trajectory> out = new TreeMap<>();
    byUnit.forEach((unit, cycles) -> out.put(unit, new Trajectory(unit, List.copyOf(cycles))));
    return out;
  }

  /** The true remaining life of each test unit, one integer a line (C-MAPSS {@code RUL_*.txt}). */
  public static List<Integer> readRul(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    List<Integer> out = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      number++;
      if (!line.isBlank()) {
        try {
          out.add(Integer.parseInt(line.strip()));
        } catch (NumberFormatException e) {
          throw new IOException(file + " line " + number + ": not an integer RUL", e);
        }
      }
    }
    return out;
  }

  /** The value in canonical units, exactly as the gateway converts it. */
  static double canonical(CanonicalUnits units, String[] channel, double value) {
    Decoded<Measurement> d =
        units.canonicalize(channel[0], value, channel[1].isEmpty() ? null : channel[1], 0);
    return d.value().value();
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
