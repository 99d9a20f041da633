package io.plantwatch.analytics.config;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/** Where each streaming query keeps its checkpoint, how often it runs, and its session settings. */
public final class QuerySettings {
  private QuerySettings() {}

  /** The query's own directory under {@code plantwatch.checkpoint}. */
  public static String checkpoint(JobConfig config, String query) {
    String root = config.get(JobConfig.CHECKPOINT);
    return (root.endsWith("/") ? root : root + "/") + query;
  }

  public static Trigger trigger(JobConfig config) {
    return Trigger.ProcessingTime(config.get(JobConfig.TRIGGER).toMillis());
  }

  /**
   * Runs {@code start} with one SQL setting changed, then restores it. A streaming query keeps the
   * settings it started with, so this gives one query a setting without giving it to the others.
   */
  public static <T> T with(SparkSession spark, String key, String value, Start<T> start)
      throws TimeoutException {
    String before = spark.conf().get(key, null);
    spark.conf().set(key, value);
    try {
      return start.start();
    } finally {
      if (before == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, before);
      }
    }
  }

  /**
   * Runs {@code start} with the calling thread's Spark scheduler pool set to {@code pool}, then
   * restores it. A query's thread inherits the pool from the thread that starts it, so every job of
   * the query runs in that pool; with {@code spark.scheduler.mode=FAIR} the pools share the task
   * slots instead of each job waiting behind the ones submitted before it. Under FIFO the pool is
   * ignored.
   */
  public static <T> T inPool(SparkSession spark, String pool, Start<T> start)
      throws TimeoutException {
    String key = "spark.scheduler.pool";
    String before = spark.sparkContext().getLocalProperty(key);
    spark.sparkContext().setLocalProperty(key, pool);
    try {
      return start.start();
    } finally {
      spark.sparkContext().setLocalProperty(key, before);
    }
  }

  /** Starts queries; Spark's start throws {@link TimeoutException}. */
  @FunctionalInterface
  public interface Start<T> {
    T start() throws TimeoutException;
  }
}
