package io.plantwatch.analytics.it;

import io.plantwatch.analytics.config.SparkDefaults;
import org.apache.spark.sql.SparkSession;

/** One local Spark for every integration test in the JVM: two cores, small shuffles, no UI. */
public final class LocalSpark {
  private LocalSpark() {}

  public static synchronized SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("analytics-job-it")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.sql.session.timeZone", "UTC")
        // Tests wait with processAllAvailable; a fast trigger keeps them short.
        .config("spark.sql.streaming.noDataProgressEventInterval", "1000")
        // StateStoresReleased stops the state stores after each test and waits for Spark's
        // maintenance threads. Once (session 23's suite) one hung in an RPC to the state-store
        // coordinator and the wait took Spark's 300 + 60 s; a snapshot of these small stores takes
        // milliseconds, so 20 + 10 s is ample and bounds such a hang.
        .config("spark.sql.streaming.stateStore.maintenanceShutdownTimeout", "20s")
        .config("spark.sql.streaming.stateStore.maintenanceForceShutdownTimeout", "10s")
        // What the job's own session sets (FAIR scheduling with the alerts' pool, code cache).
        .config(new java.util.HashMap<String, Object>(SparkDefaults.settings()))
        .getOrCreate();
  }
}
