package io.plantwatch.analytics;

import io.plantwatch.analytics.health.HealthModel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A health model loading on a thread of its own while the job starts its other queries. The caller
 * checks the manifest first, so a wrong directory still stops the job before any query starts; what
 * only the pipeline's own files can tell surfaces from {@link #await()}.
 */
final class ModelLoading {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoading.class);

  /** The Spark job group of the loader's jobs, cancelled when the job fails to start. */
  private static final String JOB_GROUP = "plantwatch-model-load";

  private final SparkSession spark;
  private final CompletableFuture<HealthModel> model;

  private ModelLoading(SparkSession spark, CompletableFuture<HealthModel> model) {
    this.spark = spark;
    this.model = model;
  }

  static ModelLoading start(SparkSession spark, Path dir) {
    CompletableFuture<HealthModel> model = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              long started = System.nanoTime();
              spark.sparkContext().setJobGroup(JOB_GROUP, "loading the health model", false);
              try {
                HealthModel loaded = HealthModel.load(dir);
                LOG.info(
                    "health model {} loaded in {} ms",
                    loaded.manifest().name(),
                    (System.nanoTime() - started) / 1_000_000);
                model.complete(loaded);
              } catch (Throwable e) {
                model.completeExceptionally(e);
              }
            },
            "plantwatch-model-loader");
    loader.setDaemon(true);
    loader.start();
    return new ModelLoading(spark, model);
  }

  /** Stops the loading's Spark jobs; the job is not starting after all. */
  void cancel() {
    if (!model.isDone()) {
      spark.sparkContext().cancelJobGroup(JOB_GROUP);
    }
  }

  /** The loaded model; a pipeline that cannot be loaded throws its {@code ModelLoadException}. */
  HealthModel await() {
    try {
      return model.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
