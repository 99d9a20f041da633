package io.plantwatch.ingest;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * The one place that decides whether an MQTT failure is worth retrying. Retriable failures (the
 * broker is down, busy, restarting, the network dropped) make the task reconnect with backoff;
 * fatal ones (wrong credentials, not authorised, a broker that cannot do what the configuration
 * asks) fail the task with a message naming what to fix, because retrying cannot help.
 */
public final class MqttErrorClassifier {

  /** What to do about a failure, and a sentence an operator can act on. */
  public record Verdict(boolean retriable, String explanation) {}

  private static final Map<Integer, String> FATAL_REASONS =
      Map.ofEntries(
          Map.entry(
              MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD,
              "bad user name or password: check mqtt.username and mqtt.password"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED,
              "not authorised: check mqtt.username and mqtt.password (some brokers answer a wrong"
                  + " password this way) and that the broker's ACL lets this client subscribe"),
          Map.entry(MqttReturnCode.RETURN_CODE_BANNED, "the broker has banned this client"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_BAD_AUTHENTICATION,
              "the broker refuses the authentication method"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_UNSUPPORTED_PROTOCOL_VERSION,
              "the broker does not speak MQTT 5"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_IDENTIFIER_NOT_VALID,
              "the broker refuses the client id: check mqtt.client.id.prefix"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_TOPIC_FILTER_NOT_VALID,
              "the broker refuses a topic filter: check mqtt.topics"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_SHARED_SUB_NOT_SUPPORTED,
              "the broker does not support shared subscriptions: set mqtt.shared.group empty and"
                  + " tasks.max=1"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_WILDCARD_SUB_NOT_SUPPORTED,
              "the broker does not support wildcard subscriptions: list plain topics in"
                  + " mqtt.topics"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_QOS_NOT_SUPPORTED,
              "the broker does not support the QoS in mqtt.qos"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_MALFORMED_CONTROL_PACKET,
              "the broker reports a malformed packet (client and broker disagree on MQTT 5)"),
          Map.entry(
              MqttReturnCode.RETURN_CODE_PROTOCOL_ERROR,
              "the broker reports a protocol error (client and broker disagree on MQTT 5)"),
          Map.entry(
              (int) MqttClientException.REASON_CODE_SOCKET_FACTORY_MISMATCH,
              "the broker URI scheme does not match the TLS settings"),
          Map.entry(
              (int) MqttClientException.REASON_CODE_SSL_CONFIG_ERROR,
              "the TLS settings are unusable: check the mqtt.tls.* settings"),
          Map.entry(
              (int) MqttClientException.REASON_CODE_INVALID_PROTOCOL_VERSION,
              "the broker does not speak MQTT 5"),
          Map.entry(
              (int) MqttClientException.REASON_CODE_INVALID_CLIENT_ID,
              "the broker refuses the client id: check mqtt.client.id.prefix"),
          Map.entry(
              (int) MqttClientException.REASON_CODE_FAILED_AUTHENTICATION,
              "bad user name or password: check mqtt.username and mqtt.password"),
          Map.entry(
              (int) MqttClientException.REASON_CODE_NOT_AUTHORIZED,
              "not authorised: check mqtt.username, mqtt.password and the broker's ACL"));

  private MqttErrorClassifier() {}

  public static Verdict classify(Throwable failure) {
    if (failure instanceof ConfigException e) {
      return new Verdict(false, "invalid configuration: " + e.getMessage());
    }
    if (failure instanceof MqttException e) {
      String fatal = FATAL_REASONS.get(e.getReasonCode());
      if (fatal != null) {
        return new Verdict(false, fatal + " (MQTT reason " + e.getReasonCode() + ")");
      }
      Throwable cause = e.getCause();
      if (cause != null && cause != e) {
        Verdict byCause = classifyCause(cause);
        if (byCause != null) {
          return byCause;
        }
      }
      return new Verdict(
          true, "MQTT failure, reason " + e.getReasonCode() + ": " + describe(failure));
    }
    Verdict byCause = classifyCause(failure);
    if (byCause != null) {
      return byCause;
    }
    // Anything unexpected is a programming or environment error: retrying would hide it.
    return new Verdict(false, "unexpected failure: " + describe(failure));
  }

  /** Null when the cause says nothing that decides. */
  private static Verdict classifyCause(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // Handshake failures come from certificates and trust stores: configuration, not weather.
      if (t instanceof SSLHandshakeException || t instanceof GeneralSecurityException) {
        return new Verdict(
            false, "TLS handshake failed: check mqtt.tls.* and the broker URI: " + describe(t));
      }
    }
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) {
        return new Verdict(true, "network failure: " + describe(t));
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }
}
