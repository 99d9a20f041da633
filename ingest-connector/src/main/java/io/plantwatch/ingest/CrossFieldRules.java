package io.plantwatch.ingest;

import io.plantwatch.telemetry.MqttTopicFilter;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * Rules that span several settings, in one place for both paths that check them: {@link
 * MqttSourceConfig} refuses to start with a configuration that breaks one, and {@link
 * ConnectorValidation} reports it on its field in {@code validate()}.
 */
final class CrossFieldRules {
  /** What is wrong with a maximum reconnection backoff below the initial one. */
  static final String BACKOFF_BELOW_INITIAL =
      "must not be less than " + MqttSourceConfig.RECONNECT_BACKOFF_INITIAL_MS_CONFIG;

  private CrossFieldRules() {}

  /** Throws a {@link ConfigException} naming the first rule {@code config} breaks. */
  static void check(MqttSourceConfig config) {
    if (config.reconnectBackoffMaxMs() < config.reconnectBackoffInitialMs()) {
      throw new ConfigException(
          MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
          config.reconnectBackoffMaxMs(),
          BACKOFF_BELOW_INITIAL);
    }
    String overlap =
        statusFilterOverlap(
            config.statusTopic(), config.topicFilters(), config.statusTopicFilters());
    if (overlap != null) {
      throw new ConfigException(
          MqttSourceConfig.STATUS_TOPICS_CONFIG, config.statusTopicFilters(), overlap);
    }
  }

  /**
   * Null when statuses are not forwarded or no status filter overlaps a readings filter, else the
   * problem: a message matching both would be delivered on both subscriptions.
   */
  static String statusFilterOverlap(
      String statusTopic, List<String> readingFilters, List<String> statusFilters) {
    if (statusTopic == null || statusTopic.isEmpty()) {
      return null;
    }
    for (String status : statusFilters) {
      for (String readings : readingFilters) {
        if (MqttTopicFilter.overlap(status, readings)) {
          return "status filter '"
              + status
              + "' overlaps the readings filter '"
              + readings
              + "' of "
              + MqttSourceConfig.TOPICS_CONFIG
              + ": a message matching both would be delivered twice";
        }
      }
    }
    return null;
  }
}
