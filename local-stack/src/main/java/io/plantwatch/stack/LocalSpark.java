package io.plantwatch.stack;

import io.plantwatch.analytics.config.SparkDefaults;
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
        .config(new java.util.HashMap<String, Object>(SparkDefaults.settings()))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
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
