package io.plantwatch.gateway.forward;

/** The uplink topics of one gateway (contract 3). */
public record UplinkTopics(String prefix, String gatewayId) {
  public String readings() {
    return prefix + "/" + gatewayId + "/readings";
  }

  public String rejected() {
    return prefix + "/" + gatewayId + "/rejected";
  }

  public String status() {
    return prefix + "/" + gatewayId + "/status";
  }
}
