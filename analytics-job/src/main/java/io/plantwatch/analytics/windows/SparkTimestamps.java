package io.plantwatch.analytics.windows;

import java.sql.Timestamp;
import java.time.Instant;

/** What Spark hands a Java function for a timestamp column, as epoch milliseconds. */
public final class SparkTimestamps {
  private SparkTimestamps() {}

  /** {@code java.sql.Timestamp} by default, {@code Instant} with {@code java8API.enabled}. */
  public static long epochMillis(Object time) {
    return time instanceof Instant i ? i.toEpochMilli() : ((Timestamp) time).getTime();
  }
}
