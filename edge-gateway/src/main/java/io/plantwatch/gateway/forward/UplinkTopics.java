package io.plantwatch.gateway.forward;

import io.plantwatch.telemetry.UplinkTopicLayout;

/** The uplink topics of one gateway, in the layout of contract 3. */
public record UplinkTopics(String prefix, String gatewayId) {
  private UplinkTopicLayout layout() {
    return new UplinkTopicLayout(prefix);
  }

  public String readings() {
    return layout().topic(gatewayId, UplinkTopicLayout.READINGS);
  }

  public String rejected() {
    return layout().topic(gatewayId, UplinkTopicLayout.REJECTED);
  }

  /** Where the connector sends receipts: the response topic of every batch and record. */
  public String receipts() {
    return layout().topic(gatewayId, UplinkTopicLayout.RECEIPTS);
  }

  public String status() {
    return layout().topic(gatewayId, UplinkTopicLayout.STATUS);
  }
}
