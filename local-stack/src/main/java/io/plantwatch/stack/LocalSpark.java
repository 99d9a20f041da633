package io.plantwatch.stack;

import io.plantwatch.analytics.config.SparkDefaults;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.state.StateStore$;

/** Spark in this JVM for the analytics job: two cores' worth of threads, no web UI. */
public final class LocalSpark {
  private LocalSpark() {}

  public static SparkSession session() {
    return SparkSession.builder()
        .appName("plantwatch-local")
        .master("local[2]")
        // Spark's UI would start Jersey 3 and Jetty next to Connect's; nobody looks at it here.
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config(defaults())
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  /**
   * The job's Spark defaults, except those given as {@code -Dspark.*} system properties
   * (PLANTWATCH_JAVA_OPTS), which Spark reads itself: as {@code --conf} wins for spark-submit.
   */
  private static Map<String, Object> defaults() {
    Map<String, Object> defaults = new HashMap<>();
    SparkDefaults.settings()
        .forEach(
            (key, value) -> {
              if (System.getProperty(key) == null) {
                defaults.put(key, value);
              }
            });
    return defaults;
  }

  /**
   * Stops Spark once its state stores are closed. Spark's state-store maintenance thread would
   * otherwise go on uploading snapshots into the job's checkpoint after the job stopped (a test
   * deleting the folder then fails), and warn once Spark is gone ("SparkEnv not active").
   */
  public static void stop(SparkSession spark) {
    StateStore$.MODULE$.stopMaintenanceTask();
    StateStore$.MODULE$.stop();
    spark.stop();
  }
}
