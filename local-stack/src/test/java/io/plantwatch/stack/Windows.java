package io.plantwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantwatch.devices.sim.SentLog;
import io.plantwatch.testsupport.InfluxdServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Windows as the tests compare them: an independent reference computed in plain Java from what the
 * simulator logged as sent (no code shared with the job), and what the sink holds. Public for
 * cluster-test, which compares the same way.
 */
public final class Windows {
  /** A window's identity in the sink: its tags and its time (the window end, epoch ms). */
  public record Key(String machine, String metric, String window, long end)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return toString().compareTo(o.toString());
    }
  }

  public record Stats(double avg, double max, double min, long count) {
    /**
     * Equal counts, maxima and minima, and averages equal to within 1e-12 relative: Spark sums a
     * window in the order its rows arrive, the reference in the order they were sent, and float
     * addition is not associative, so the last bits of an average may differ.
     */
    public boolean matches(Stats o) {
      return count == o.count
          && max == o.max
          && min == o.min
          && Math.abs(avg - o.avg) <= 1e-12 * Math.max(1, Math.abs(avg));
    }
  }

  /** One window spec: length and slide in ms, and the tag the job gives it. */
  public record Spec(long lengthMs, long slideMs, String label) {}

  private Windows() {}

  /** Every window of every spec over every reading sent; no reading is late or repeated here. */
  public static Map<Key, Stats> reference(List<SentLog.Entry> sent, List<Spec> specs) {
    Map<Key, double[]> sums = new TreeMap<>();
    for (SentLog.Entry e : sent) {
      for (Spec spec : specs) {
        long lastStart = Math.floorDiv(e.ts(), spec.slideMs()) * spec.slideMs();
        for (long start = lastStart; start > e.ts() - spec.lengthMs(); start -= spec.slideMs()) {
          Key k = new Key(e.machine(), e.metric(), spec.label(), start + spec.lengthMs());
          double[] s =
              sums.computeIfAbsent(
                  k, x -> new double[] {0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0});
          s[0] += e.value();
          s[1] = Math.max(s[1], e.value());
          s[2] = Math.min(s[2], e.value());
          s[3]++;
        }
      }
    }
    Map<Key, Stats> out = new TreeMap<>();
    sums.forEach((k, s) -> out.put(k, new Stats(s[0] / s[3], s[1], s[2], (long) s[3])));
    return out;
  }

  /** Every point of {@code machine_window_stats} in influxd's database {@code db}. */
  public static Map<Key, Stats> inSink(InfluxdServer influxd, String db) throws Exception {
    JsonNode r =
        influxd.query(
            db,
            "SELECT \"avg\",\"max\",\"min\",\"count\" FROM \"machine_window_stats\" GROUP BY *");
    Map<Key, Stats> out = new TreeMap<>();
    for (JsonNode series : r.path("results").path(0).path("series")) {
      JsonNode tags = series.get("tags");
      for (JsonNode v : series.get("values")) {
        Key key =
            new Key(
                tags.get("machine").asText(),
                tags.get("metric").asText(),
                tags.get("window").asText(),
                v.get(0).asLong());
        out.put(
            key,
            new Stats(
                v.get(1).asDouble(), v.get(2).asDouble(), v.get(3).asDouble(), v.get(4).asLong()));
      }
    }
    return out;
  }

  /** Keys whose values differ, or that only one side has. */
  public static Map<Key, String> differences(Map<Key, Stats> expected, Map<Key, Stats> actual) {
    Map<Key, String> out = new TreeMap<>();
    expected.forEach(
        (k, e) -> {
          Stats a = actual.get(k);
          if (a == null || !e.matches(a)) {
            out.put(k, "expected " + e + " but sink has " + a);
          }
        });
    actual.keySet().stream()
        .filter(k -> !expected.containsKey(k))
        .forEach(k -> out.put(k, "unexpected window " + actual.get(k)));
    return out;
  }
}
