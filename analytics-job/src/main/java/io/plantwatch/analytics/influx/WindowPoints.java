package io.plantwatch.analytics.influx;

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
    // What LineProtocol.point writes for these tags and fields, without building maps for them.
    StringBuilder out = new StringBuilder(160);
    LineProtocol.appendMeasurement(out, measurement);
    // Sorted by key, as InfluxDB stores them.
    LineProtocol.appendTag(out, "line", line);
    LineProtocol.appendTag(out, "machine", machine);
    LineProtocol.appendTag(out, "metric", metric);
    LineProtocol.appendTag(out, "site", site);
    LineProtocol.appendTag(out, "window", window);
    out.append(' ');
    LineProtocol.appendField(out, "avg", avg);
    out.append(',');
    LineProtocol.appendField(out, "max", max);
    out.append(',');
    LineProtocol.appendField(out, "min", min);
    return out.append(",count=").append(count).append("i ").append(windowEndMillis).toString();
  }
}
