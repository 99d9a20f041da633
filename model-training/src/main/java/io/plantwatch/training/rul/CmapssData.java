package io.plantwatch.training.rul;

import io.plantwatch.telemetry.CanonicalUnits;
import io.plantwatch.telemetry.CmapssFile;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.Measurement;
import java.io.IOException;
import java.io.InputStream;
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
 * C-MAPSS files ({@link CmapssFile}, the one reader the device replay also uses) read as the stream
 * sees them: metric names and units as {@code bin/plantwatch gateway replay} sends them, converted
 * to canonical units by the same {@link CanonicalUnits} the gateway uses (°R → °C, psia → bar).
 * Training on these values means the model never sees raw file units the stream cannot give it.
 */
public final class CmapssData {

  /** One engine's cycles in order, each as metric → value in canonical units. */
  public record Trajectory(int unit, List<Map<String, Double>> cycles) {
    public int lastCycle() {
      return cycles.size();
    }
  }

  private CmapssData() {}

  /** Every unit of {@code file}, by unit number; a malformed line is an error naming it. */
  public static TreeMap<Integer, Trajectory> read(Path file) throws IOException {
    CanonicalUnits units = CanonicalUnits.withDefaults();
    TreeMap<Integer, List<Map<String, Double>>> byUnit = new TreeMap<>();
    for (CmapssFile.Row r : CmapssFile.read(file)) {
      List<Map<String, Double>> cycles = byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>());
      if (r.cycle() != cycles.size() + 1) {
        throw new IOException(
            file + ": unit " + r.unit() + " cycle " + r.cycle() + " out of order");
      }
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("cycle", (double) r.cycle());
      for (int i = 0; i < CmapssFile.CHANNELS.size(); i++) {
        String[] channel = CmapssFile.CHANNELS.get(i);
        row.put(channel[0], canonical(units, channel, r.values()[i]));
      }
      cycles.add(row);
    }
    TreeMap<Integer, Trajectory> out = new TreeMap<>();
    byUnit.forEach((unit, cycles) -> out.put(unit, new Trajectory(unit, List.copyOf(cycles))));
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
