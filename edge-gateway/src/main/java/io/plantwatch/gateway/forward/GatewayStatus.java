package io.plantwatch.gateway.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The retained status message on {@code …/{gatewayId}/status}: "online" with a heartbeat, or
 * "offline" (the will message when the connection dies, or a clean shutdown). Dashboards and alert
 * rules use it to tell a gateway that is offline from a machine that went silent.
 */
public final class GatewayStatus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayStatus() {}

  public static byte[] online(
      String gateway, long now, long queued, long oldestQueuedMillis, long startedAt) {
    ObjectNode n = base(gateway, "online", now);
    n.put("queued", queued);
    n.put("oldestQueuedMs", oldestQueuedMillis);
    n.put("startedAt", startedAt);
    return bytes(n);
  }

  public static byte[] offline(String gateway, long now, String reason) {
    ObjectNode n = base(gateway, "offline", now);
    n.put("reason", reason);
    return bytes(n);
  }

  private static ObjectNode base(String gateway, String state, long now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("gateway", gateway);
    n.put("state", state);
    n.put("ts", now);
    return n;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
