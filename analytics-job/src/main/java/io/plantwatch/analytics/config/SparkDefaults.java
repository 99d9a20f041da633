package io.plantwatch.analytics.config;

import io.plantwatch.analytics.checkpoint.CheckpointFiles;
import java.util.Map;

/**
 * Spark settings the job needs from the session it runs in, set when the session is created (they
 * are read once, at start) unless the deployment's own Spark configuration says otherwise.
 */
public final class SparkDefaults {
  private SparkDefaults() {}

  /**
   * The settings, in the order they are applied.
   *
   * <ul>
   *   <li>{@code spark.scheduler.mode=FAIR}: the alert queries run in their own pool
   *       (fairscheduler.xml) and so take task slots while a windows batch runs instead of queueing
   *       behind all of its tasks.
   *   <li>{@code spark.sql.codegen.cache.maxEntries=1000}: every micro-batch generates new code for
   *       its watermark predicates (Spark writes the watermark into the code as a constant), a few
   *       classes per query and batch; with Spark's default of 100 entries they pushed the job's
   *       other generated classes out of the cache, which were then compiled again by Janino and
   *       the JIT in later batches (133 classes a minute at 10,000 readings/s; 30 with 1000
   *       entries, docs/performance.md).
   *   <li>{@code spark.sql.streaming.checkpointFileManagerClass=}{@link CheckpointFiles}:
   *       checkpoint files on a local disk written without Hadoop starting a {@code chmod} and a
   *       {@code readlink} process for each; elsewhere Spark's own manager.
   * </ul>
   */
  public static Map<String, String> settings() {
    return Map.of(
        "spark.scheduler.mode",
        "FAIR",
        "spark.sql.codegen.cache.maxEntries",
        "1000",
        CheckpointFiles.SPARK_KEY,
        CheckpointFiles.class.getName());
  }
}
