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
    StringBuilder out = new StringBuilder(160);
    appendLineProtocol(
        out,
        measurement,
        site,
        line,
        machine,
        metric,
        window,
        avg,
        max,
        min,
        count,
        windowEndMillis);
    return out.toString();
  }

  /** As {@link #lineProtocol}, written to {@code out}. */
  public static void appendLineProtocol(
      StringBuilder out,
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
    LineProtocol.appendMeasurement(out, measurement);
    // Sorted by key, as InfluxDB stores them. The keys are plain names, written as they are: only
    // the values are looked at, in every point.
    out.append(",line=");
    LineProtocol.appendTagValue(out, "line", line);
    out.append(",machine=");
    LineProtocol.appendTagValue(out, "machine", machine);
    out.append(",metric=");
    LineProtocol.appendTagValue(out, "metric", metric);
    out.append(",site=");
    LineProtocol.appendTagValue(out, "site", site);
    out.append(",window=");
    LineProtocol.appendTagValue(out, "window", window);
    out.append(" avg=");
    LineProtocol.appendNumber(out, "avg", avg);
    out.append(",max=");
    LineProtocol.appendNumber(out, "max", max);
    out.append(",min=");
    LineProtocol.appendNumber(out, "min", min);
    out.append(",count=").append(count).append("i ").append(windowEndMillis);
  }
}
