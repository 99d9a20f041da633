package io.plantwatch.ingest.mqtt;

import io.plantwatch.telemetry.UplinkTopicLayout;

/**
 * Uplink topics as the connector reads them: the gateway a topic belongs to, and whether two topics
 * sit side by side. The layout is telemetry-model's {@link UplinkTopicLayout}, the wildcard rules
 * its {@code MqttTopicFilter}.
 */
public final class TopicFilters {
  private TopicFilters() {}

  /**
   * The gateway id in an uplink topic of the default layout, or null when it does not follow it.
   */
  public static String gatewayOf(String topic) {
    return UplinkTopicLayout.DEFAULT.gatewayOf(topic);
  }

  /**
   * Whether two topics differ only in their last level (a receipts topic beside a readings one).
   */
  static boolean sameParent(String a, String b) {
    int i = a.lastIndexOf('/');
    return i > 0 && i == b.lastIndexOf('/') && a.regionMatches(0, b, 0, i);
  }
}
