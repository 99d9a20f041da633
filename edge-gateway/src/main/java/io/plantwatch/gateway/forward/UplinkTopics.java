package io.plantwatch.gateway.forward;

import io.plantwatch.telemetry.UplinkReceipt;

/** The uplink topics of one gateway (contract 3). */
public record UplinkTopics(String prefix, String gatewayId) {
  public String readings() {
    return prefix + "/" + gatewayId + "/readings";
  }

  public String rejected() {
    return prefix + "/" + gatewayId + "/rejected";
  }

  /** Where the connector sends receipts: the response topic of every batch and record. */
  public String receipts() {
    return UplinkReceipt.topic(prefix, gatewayId);
  }

  public String status() {
    return prefix + "/" + gatewayId + "/status";
  }
}
