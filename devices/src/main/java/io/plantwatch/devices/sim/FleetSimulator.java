package io.plantwatch.devices.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible fleet of machines: each tick, every machine reports every metric with noise. Some
 * machines wear out (bearing wear raises vibration quadratically and temperature linearly over the
 * run), and faults inject short spikes. Same seed, same values.
 */
public final class FleetSimulator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Normal level and noise of a metric, in canonical units. */
  record Profile(double base, double noise, String unit) {}

  static final Map<String, Profile> PROFILES =
      Map.of(
          "temperature", new Profile(60, 0.5, "degC"),
          "vibration", new Profile(2.0, 0.2, "mm/s"),
          "pressure", new Profile(5.0, 0.05, "bar"),
          "current", new Profile(12, 0.3, "A"),
          "speed", new Profile(1480, 5, "rpm"));

  /** One message for one machine, with the values it carries. */
  public record Message(String topic, byte[] payload, List<SentLog.Entry> entries) {}

  private final String site;
  private final String line;
  private final List<String> machines;
  private final List<String> metrics;
  private final int degrading;
  private final double faultProbability;
  private final boolean fahrenheit;
  private final long totalTicks;
  private final SplittableRandom random;

  public FleetSimulator(
      String site,
      String line,
      List<String> machines,
      List<String> metrics,
      int degrading,
      double faultProbability,
      boolean fahrenheit,
      long totalTicks,
      long seed) {
    for (String m : metrics) {
      if (!PROFILES.containsKey(m)) {
        throw new IllegalArgumentException(
            "unknown metric '" + m + "' (known: " + PROFILES.keySet() + ")");
      }
    }
    this.site = site;
    this.line = line;
    this.machines = List.copyOf(machines);
    this.metrics = List.copyOf(metrics);
    this.degrading = Math.min(degrading, machines.size());
    this.faultProbability = faultProbability;
    this.fahrenheit = fahrenheit;
    this.totalTicks = Math.max(totalTicks, 1);
    this.random = new SplittableRandom(seed);
  }

  public static List<String> machineNames(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      names.add(String.format("%s%03d", prefix, i));
    }
    return names;
  }

  /** The messages of tick {@code tick} (0-based), stamped {@code ts}. */
  public List<Message> tick(long tick, long ts) {
    List<Message> out = new ArrayList<>(machines.size());
    double progress = Math.min(1.0, (double) tick / totalTicks);
    for (int i = 0; i < machines.size(); i++) {
      String machine = machines.get(i);
      double wear = i < degrading ? progress : 0;
      boolean fault = faultProbability > 0 && random.nextDouble() < faultProbability;
      String topic = "plant/" + site + "/" + line + "/" + machine + "/telemetry";
      ObjectNode root = JSON.createObjectNode();
      root.put("ts", ts);
      ObjectNode values = root.putObject("metrics");
      List<SentLog.Entry> entries = new ArrayList<>(metrics.size());
      for (String metric : metrics) {
        Profile p = PROFILES.get(metric);
        double v = p.base() + gaussian() * p.noise();
        if (metric.equals("vibration")) {
          v += 6 * wear * wear + (fault ? 8 : 0);
        } else if (metric.equals("temperature")) {
          v += 15 * wear + (fault ? 10 : 0);
        }
        v = Math.round(v * 1000) / 1000.0;
        String unit = p.unit();
        if (fahrenheit && metric.equals("temperature")) {
          v = Math.round((v * 9 / 5 + 32) * 1000) / 1000.0;
          unit = "degF";
        }
        values.putObject(metric).put("value", v).put("unit", unit);
        entries.add(new SentLog.Entry(topic, site, line, machine, metric, v, unit, ts));
      }
      try {
        out.add(new Message(topic, JSON.writeValueAsBytes(root), entries));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  private double gaussian() {
    // Box-Muller on the seeded generator, so runs are reproducible.
    double u = 1 - random.nextDouble();
    double w = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
}
