package io.plantwatch.ingest.mqtt;

import io.plantwatch.telemetry.MqttReasonCode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The one place that decides whether an MQTT failure is worth retrying. Retriable failures (the
 * broker is down, busy, restarting, the network dropped) make the task reconnect with backoff;
 * fatal ones (wrong credentials, not authorised, a broker that cannot do what the configuration
 * asks) fail the task with a message naming what to fix, because retrying cannot help.
 *
 * <p>The broker's reason codes, and whether one needs the operator, are telemetry-model's {@link
 * MqttReasonCode}, shared with the gateway; this class adds the connector's own remedy (the setting
 * to fix) and decides Paho's client-side codes, which are no broker's answer.
 */
final class MqttErrorClassifier {

  /** What to do about a failure, and a sentence an operator can act on. */
  record Verdict(boolean retriable, String explanation) {}

  /** The connector settings behind a broker answer, appended to the shared explanation. */
  private static final Map<MqttReasonCode, String> REMEDIES =
      Map.of(
          MqttReasonCode.BAD_USER_NAME_OR_PASSWORD,
          "check mqtt.username and mqtt.password",
          MqttReasonCode.NOT_AUTHORIZED,
          "the user name and password are mqtt.username and mqtt.password (some brokers answer a"
              + " wrong password this way), and the ACL must let this client subscribe",
          MqttReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
          "the connector needs an MQTT 5 broker",
          MqttReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
          "check mqtt.client.id.prefix",
          MqttReasonCode.TOPIC_FILTER_INVALID,
          "check mqtt.topics, mqtt.quarantine.topics and mqtt.status.topics",
          MqttReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
          "set mqtt.shared.group empty and tasks.max=1",
          MqttReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
          "list plain topics in mqtt.topics",
          MqttReasonCode.QOS_NOT_SUPPORTED,
          "check mqtt.qos");

  /**
   * Paho's client-side failures that retrying cannot fix. Checked before the broker's codes: Paho
   * numbers some of them 1-5, like the MQTT 3.1.1 CONNACK codes.
   */
  private static final Map<Integer, String> FATAL_CLIENT_CODES =
      Map.of(
          (int) MqttClientException.REASON_CODE_SOCKET_FACTORY_MISMATCH,
          "the broker URI scheme does not match the TLS settings",
          (int) MqttClientException.REASON_CODE_SSL_CONFIG_ERROR,
          "the TLS settings are unusable: check the mqtt.tls.* settings",
          (int) MqttClientException.REASON_CODE_INVALID_PROTOCOL_VERSION,
          "the broker does not speak MQTT 5",
          (int) MqttClientException.REASON_CODE_INVALID_CLIENT_ID,
          "the broker refuses the client id: check mqtt.client.id.prefix",
          (int) MqttClientException.REASON_CODE_FAILED_AUTHENTICATION,
          "bad user name or password: check mqtt.username and mqtt.password",
          (int) MqttClientException.REASON_CODE_NOT_AUTHORIZED,
          "not authorised: check mqtt.username, mqtt.password and the broker's ACL");

  private MqttErrorClassifier() {}

  static Verdict classify(Throwable failure) {
    if (failure instanceof ConfigException e) {
      return new Verdict(false, "invalid configuration: " + e.getMessage());
    }
    if (failure instanceof MqttException e) {
      String fatal = fatalReason(e.getReasonCode());
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

  /** What to tell the operator when {@code code} is fatal; null when retrying may help. */
  private static String fatalReason(int code) {
    String client = FATAL_CLIENT_CODES.get(code);
    if (client != null) {
      return client;
    }
    Optional<MqttReasonCode> reason = MqttReasonCode.of(code);
    if (reason.isEmpty() || !reason.get().needsOperator()) {
      return null;
    }
    String remedy = REMEDIES.get(reason.get());
    return reason.get().explanation() + (remedy == null ? "" : "; " + remedy);
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
