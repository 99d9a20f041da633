package io.plantwatch.analytics.source;

import io.plantwatch.analytics.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The readings topic as a stream of Kafka records (key, value, topic, partition, offset). */
public final class ReadingSource {
  private ReadingSource() {}

  public static Dataset<Row> kafka(SparkSession spark, JobConfig config) {
    return spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", config.get(JobConfig.KAFKA_BOOTSTRAP))
        .option("subscribe", config.get(JobConfig.KAFKA_TOPIC))
        .option("startingOffsets", config.get(JobConfig.KAFKA_STARTING_OFFSETS))
        .option("maxOffsetsPerTrigger", config.get(JobConfig.KAFKA_MAX_OFFSETS_PER_TRIGGER))
        // Records of aborted transactions (a Connect worker with exactly-once source support)
        // must never be counted.
        .option("kafka.isolation.level", "read_committed")
        // Offsets that vanished (retention, topic re-created) mean readings were lost: stop and
        // say so instead of skipping them.
        .option("failOnDataLoss", "true")
        .load();
  }
}
