package io.plantwatch.gateway.mqtt;

/**
 * Turns MQTT client failures into messages an operator can act on, and says which ones will not
 * heal by retrying alone (the gateway still retries them, at the longest backoff, because
 * credentials and ACLs are often fixed on the broker side while the gateway runs).
 */
public final class MqttErrors {
  private MqttErrors() {}

  /** A failure classified once. */
  public record Classified(boolean needsOperator, String message) {}

  public static Classified classify(Throwable e) {
    int code = reasonCode(e);
    return switch (code) {
      case 4, 134 ->
          new Classified(true, "the broker refused the credentials (bad user name or password)");
      case 5, 135 ->
          new Classified(
              true,
              "the broker refused the connection: not authorized (check the user name and password)");
      case 2, 133 -> new Classified(true, "the broker refused the client id");
      case 1, 132 -> new Classified(true, "the broker does not support this MQTT protocol version");
      case 3, 136, 137 -> new Classified(false, "the broker is unavailable or busy");
      default -> new Classified(false, describe(e));
    };
  }

  private static int reasonCode(Throwable e) {
    if (e instanceof org.eclipse.paho.mqttv5.common.MqttException m5) {
      return m5.getReasonCode();
    }
    if (e instanceof org.eclipse.paho.client.mqttv3.MqttException m3) {
      return m3.getReasonCode();
    }
    return -1;
  }

  private static String describe(Throwable e) {
    StringBuilder b =
        new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        b.append(": ").append(c.getMessage());
      }
    }
    return b.toString();
  }
}
