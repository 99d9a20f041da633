package io.plantwatch.gateway.forward;

import io.plantwatch.telemetry.UplinkTopicLayout;

/**
 * The uplink topics of one gateway, in the layout of contract 3; built once, since every batch and
 * every receipt uses them.
 */
public final class UplinkTopics {
  private final String readings;
  private final String rejected;
  private final String receipts;
  private final String status;

  public UplinkTopics(String prefix, String gatewayId) {
    UplinkTopicLayout layout = new UplinkTopicLayout(prefix);
    this.readings = layout.topic(gatewayId, UplinkTopicLayout.READINGS);
    this.rejected = layout.topic(gatewayId, UplinkTopicLayout.REJECTED);
    this.receipts = layout.topic(gatewayId, UplinkTopicLayout.RECEIPTS);
    this.status = layout.topic(gatewayId, UplinkTopicLayout.STATUS);
  }

  public String readings() {
    return readings;
  }

  public String rejected() {
    return rejected;
  }

  /** Where the connector sends receipts: the response topic of every batch and record. */
  public String receipts() {
    return receipts;
  }

  public String status() {
    return status;
  }
}
