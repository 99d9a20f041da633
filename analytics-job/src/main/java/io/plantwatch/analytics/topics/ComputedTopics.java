package io.plantwatch.analytics.topics;

import io.plantwatch.analytics.config.JobConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Where the job publishes what it computes (contract 4b): the windows topic, the health topic (each
 * empty when turned off) and how much history compaction leaves in them.
 */
public record ComputedTopics(
    String bootstrap, String windowsTopic, String healthTopic, Duration history)
    implements Serializable {

  public static ComputedTopics from(JobConfig config) {
    return new ComputedTopics(
        config.get(JobConfig.KAFKA_BOOTSTRAP),
        config.get(JobConfig.KAFKA_WINDOWS_TOPIC),
        config.get(JobConfig.KAFKA_HEALTH_TOPIC),
        config.get(JobConfig.KAFKA_COMPUTED_HISTORY));
  }

  public boolean windowsOn() {
    return !windowsTopic.isEmpty();
  }

  public boolean healthOn() {
    return !healthTopic.isEmpty();
  }

  /**
   * The rows of the windows query, of {@code schema}, as records of the windows topic, or null when
   * it is off.
   */
  public TopicPublisher<InternalRow> windows(StructType schema) {
    return windowsOn()
        ? new TopicPublisher<>(bootstrap, windowsTopic, new WindowRecords(schema))
        : null;
  }

  /** The scores of one model as records of the health topic, or null when it is off. */
  public TopicPublisher<Row> health(String modelName) {
    return healthOn()
        ? new TopicPublisher<>(bootstrap, healthTopic, new HealthRecords(modelName))
        : null;
  }
}
