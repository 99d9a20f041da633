package io.plantwatch.stack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest window of each machine and metric, read back from the points the job writes, for the
 * console view. Only {@code machine_window_stats} points are kept; the parser follows the line
 * protocol's escaping (backslash before space, comma and {@code =} in tags).
 */
final class LatestWindows {
  /** One machine's newest windows: metric → (window end, avg, count, max); readings in them. */
  record Machine(String name, long readings, Map<String, double[]> metrics) {}

  private final Map<String, Map<String, double[]>> byMachine = new ConcurrentHashMap<>();
  private final Map<String, Long> lastEnd = new ConcurrentHashMap<>();

  /** Takes one line-protocol point; ignores anything that is not a window point. */
  void offer(String line) {
    List<String> parts = splitUnescaped(line, ' ');
    if (parts.size() < 3) {
      return;
    }
    List<String> head = splitUnescaped(parts.get(0), ',');
    if (!head.get(0).equals("machine_window_stats")) {
      return;
    }
    String machine = null;
    String metric = null;
    for (String tag : head.subList(1, head.size())) {
      List<String> kv = splitUnescaped(tag, '=');
      if (kv.size() == 2 && kv.get(0).equals("machine")) {
        machine = unescape(kv.get(1));
      } else if (kv.size() == 2 && kv.get(0).equals("metric")) {
        metric = unescape(kv.get(1));
      }
    }
    double avg = Double.NaN;
    double max = Double.NaN;
    double count = 0;
    for (String field : splitUnescaped(parts.get(1), ',')) {
      List<String> kv = splitUnescaped(field, '=');
      if (kv.size() != 2) {
        continue;
      }
      String v =
          kv.get(1).endsWith("i") ? kv.get(1).substring(0, kv.get(1).length() - 1) : kv.get(1);
      try {
        if (kv.get(0).equals("avg")) {
          avg = Double.parseDouble(v);
        } else if (kv.get(0).equals("max")) {
          max = Double.parseDouble(v);
        } else if (kv.get(0).equals("count")) {
          count = Double.parseDouble(v);
        }
      } catch (NumberFormatException e) {
        return;
      }
    }
    long end;
    try {
      end = Long.parseLong(parts.get(2).strip());
    } catch (NumberFormatException e) {
      return;
    }
    if (machine == null || metric == null) {
      return;
    }
    offer(machine, metric, end, avg, max, (long) count);
  }

  /** Takes one window's newest value; an older window than the one held is ignored. */
  void offer(String machine, String metric, long end, double avg, double max, long count) {
    String key = machine + "\u0000" + metric;
    Map<String, double[]> metrics =
        byMachine.computeIfAbsent(machine, m -> new ConcurrentHashMap<>());
    synchronized (metrics) {
      Long previous = lastEnd.get(key);
      if (previous == null || end >= previous) {
        lastEnd.put(key, end);
        metrics.put(metric, new double[] {end, avg, count, max});
      }
    }
  }

  /** Every machine, those with the most readings in their newest windows first. */
  List<Machine> all() {
    return busiest(Integer.MAX_VALUE);
  }

  /** The {@code n} machines with the most readings in their newest windows. */
  List<Machine> busiest(int n) {
    List<Machine> all = new ArrayList<>();
    byMachine.forEach(
        (name, metrics) -> {
          synchronized (metrics) {
            long readings = 0;
            for (double[] w : metrics.values()) {
              readings += (long) w[2];
            }
            all.add(new Machine(name, readings, new TreeMap<>(metrics)));
          }
        });
    all.sort(Comparator.comparingLong(Machine::readings).reversed().thenComparing(Machine::name));
    return all.subList(0, Math.min(n, all.size()));
  }

  static List<String> splitUnescaped(String s, char separator) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        cur.append(c);
      } else if (c == separator && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(i + 1);
        if (next == ' ' || next == ',' || next == '=' || next == '\\') {
          out.append(next);
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
