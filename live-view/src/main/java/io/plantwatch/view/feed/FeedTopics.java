package io.plantwatch.view.feed;

import io.plantwatch.telemetry.KafkaTopics;

/** The topics the view reads; an empty name leaves that feed out. */
public record FeedTopics(String windows, String health, String alerts, String gatewayStatus) {
  public static FeedTopics defaults() {
    return new FeedTopics(
        KafkaTopics.WINDOWS, KafkaTopics.HEALTH, KafkaTopics.ALERTS, KafkaTopics.GATEWAY_STATUS);
  }
}
