package io.plantwatch.gateway.config;

import io.plantwatch.telemetry.PayloadFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's configuration as the rest of the gateway reads it. Each leaf is a key of {@link
 * GatewayKeys}, where its default, checks and meaning are declared; the component names are the
 * keys' path segments ({@code uplink.broker.uri}), so a new key is declared there and given a
 * component here, nothing else.
 */
public record GatewayConfig(
    String id,
    Site site,
    Uplink uplink,
    Queue queue,
    Validation validation,
    Map<String, String> units,
    int httpPort) {

  /** The site broker, where devices publish. */
  public record Site(
      Broker broker, List<SubscriptionConfig> subscriptions, String protocol, int receiveMaximum) {}

  /** One subscription: a topic template and the payload format of the topics it matches. */
  public record SubscriptionConfig(String template, PayloadFormat format) {}

  /** The uplink broker, where the ingest connector reads. */
  public record Uplink(
      Broker broker,
      String topicPrefix,
      int batchMaxReadings,
      Duration batchLinger,
      int maxInFlight,
      Duration heartbeatInterval,
      int rejectedPayloadMaxBytes,
      boolean trustBrokerAck,
      Duration receiptTimeout,
      Retry forwardRetry) {}

  /** How to reach one MQTT broker. Passwords are {@link Secret}s: printing a broker shows none. */
  public record Broker(
      String uri,
      String clientId,
      String username,
      Secret password,
      String passwordFile,
      String trustStore,
      Secret trustStorePassword,
      String keyStore,
      Secret keyStorePassword,
      Duration sessionExpiry,
      Duration keepAlive,
      Duration reconnectMinDelay,
      Duration reconnectMaxDelay,
      Duration connectTimeout) {

    /** Paho's connection timeout, which Paho takes in whole seconds. */
    public int connectTimeoutSeconds() {
      return (int) connectTimeout.toSeconds();
    }

    /**
     * How long to wait for a CONNACK or SUBACK token: longer than Paho's own timeout, so that one
     * fires first and reports the real cause; this wait only catches a token Paho never completes.
     */
    public long tokenWaitMillis() {
      return connectTimeout.toMillis() + 5_000;
    }

    /** A broker with the default settings and no credentials, and the reconnect bounds given. */
    public static Broker of(
        String uri, String clientId, Duration reconnectMin, Duration reconnectMax) {
      Broker d = defaults().site().broker();
      return new Broker(
          uri,
          clientId,
          d.username(),
          d.password(),
          d.passwordFile(),
          d.trustStore(),
          d.trustStorePassword(),
          d.keyStore(),
          d.keyStorePassword(),
          d.sessionExpiry(),
          d.keepAlive(),
          reconnectMin,
          reconnectMax,
          d.connectTimeout());
    }
  }

  /** A bounded retry of work that may fail for a while: how often, and the backoff between. */
  public record Retry(int maxRetries, Duration minDelay, Duration maxDelay) {}

  /** The durable store-and-forward queue. */
  public record Queue(
      String directory, long maxBytes, int groupCommitMaxMessages, Retry commitRetry) {}

  /** The gateway's own checks on top of the codec. */
  public record Validation(
      List<String> allowedMetrics,
      Map<String, List<Double>> ranges,
      Duration duplicateWindow,
      int maxPayloadBytes,
      Duration maxFutureSkew,
      Duration maxPastSkew) {}

  /** Every key at its default. */
  public static GatewayConfig defaults() {
    return ConfigLoader.bind(GatewayKeys.defaults());
  }
}
