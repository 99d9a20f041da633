package io.plantwatch.analytics.influx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The line-protocol form of one window of statistics (contract 5: measurement {@code
 * machine_window_stats}, tags site, line, machine, metric, window; fields avg, max, min, count;
 * time = window end). Free of Spark, so tools and tests load databases with the sink's own format.
 */
public final class WindowPoints {
  private WindowPoints() {}

  public static String lineProtocol(
      String measurement,
      String site,
      String line,
      String machine,
      String metric,
      String window,
      double avg,
      double max,
      double min,
      long count,
      long windowEndMillis) {
    Map<String, String> tags = new LinkedHashMap<>();
    // Sorted by key, as InfluxDB stores them.
    tags.put("line", line);
    tags.put("machine", machine);
    tags.put("metric", metric);
    tags.put("site", site);
    tags.put("window", window);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("avg", avg);
    fields.put("max", max);
    fields.put("min", min);
    fields.put("count", count);
    return LineProtocol.point(measurement, tags, fields, windowEndMillis);
  }
}
