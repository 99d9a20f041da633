package io.plantwatch.stack;

import io.plantwatch.analytics.config.SparkDefaults;
import org.apache.spark.sql.SparkSession;

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
}
