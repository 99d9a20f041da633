package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.TopicTemplate;
import io.plantwatch.telemetry.PayloadFormat;

/** A topic template subscribed on the site broker, and the payload format of its topics. */
public record Subscription(TopicTemplate template, PayloadFormat format) {
  public String filter() {
    return template.filter();
  }
}
