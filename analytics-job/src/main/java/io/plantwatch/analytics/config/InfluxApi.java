package io.plantwatch.analytics.config;

/** A value of {@code plantwatch.influx.api}: which write API the sink speaks. */
public enum InfluxApi {
  /** {@code /write?db=&rp=&precision=}: InfluxDB 1.x (and 1.x-compatible stores). */
  V1,
  /** {@code /api/v2/write?org=&bucket=&precision=}: InfluxDB 2.x, 3.x and 1.8+. */
  V2,
  /** The server's {@code /ping} decides, before the first write. */
  AUTO
}
