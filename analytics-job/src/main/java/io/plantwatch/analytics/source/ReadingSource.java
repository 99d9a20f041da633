package io.plantwatch.analytics.source;

import io.plantwatch.analytics.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/** The job's Kafka topics as streams of records (key, value, topic, partition, offset). */
public final class ReadingSource {
  private ReadingSource() {}

  public static Dataset<Row> kafka(SparkSession spark, JobConfig config) {
    return topic(spark, config, config.get(JobConfig.KAFKA_TOPIC))
        .option("startingOffsets", config.get(JobConfig.KAFKA_STARTING_OFFSETS))
        .option("maxOffsetsPerTrigger", config.get(JobConfig.KAFKA_MAX_OFFSETS_PER_TRIGGER))
        // Offsets that vanished (retention, topic re-created) mean readings were lost: stop and
        // say so instead of skipping them.
        .option("failOnDataLoss", "true")
        .load();
  }

  /**
   * The job's compacted hand-over topic {@code name} (judged windows) as a stream of Kafka records,
   * from its start unless the job starts at {@code latest}.
   */
  public static Dataset<Row> compacted(SparkSession spark, JobConfig config, String name) {
    String offsets = config.get(JobConfig.KAFKA_STARTING_OFFSETS);
    return topic(spark, config, name)
        // Offsets in JSON name the readings topic's partitions, not this topic's.
        .option("startingOffsets", offsets.equals("latest") ? "latest" : "earliest")
        // Compaction leaves gaps in the offsets: they are not lost records.
        .option("failOnDataLoss", "false")
        .load();
  }

  private static DataStreamReader topic(SparkSession spark, JobConfig config, String name) {
    return spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", config.get(JobConfig.KAFKA_BOOTSTRAP))
        .option("subscribe", name)
        // Records of aborted transactions (a Connect worker with exactly-once source support)
        // must never be counted.
        .option("kafka.isolation.level", "read_committed")
        .option(
            "kafka.fetch.max.wait.ms",
            Long.toString(config.get(JobConfig.KAFKA_FETCH_MAX_WAIT).toMillis()))
        .option(
            "kafka.max.poll.records",
            Integer.toString(config.get(JobConfig.KAFKA_MAX_POLL_RECORDS)));
  }
}
