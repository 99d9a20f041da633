package io.plantwatch.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.UplinkReceipt;
import io.plantwatch.telemetry.UplinkTopicLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's whole configuration, declared once. Every leaf has a default (see {@link
 * #defaults()}), is documented by its {@code @JsonPropertyDescription} (the README table is checked
 * against these), and can be overridden by an environment variable named after its path (see {@link
 * ConfigLoader}).
 */
public record GatewayConfig(
    @JsonPropertyDescription(
            "Gateway id: prefix of reading ids and part of uplink topics. No '/', '+' or '#'.")
        String id,
    Site site,
    Uplink uplink,
    Queue queue,
    Validation validation,
    @JsonPropertyDescription("Metric name to the unit of its bare values, e.g. temperature: degF.")
        Map<String, String> units,
    @JsonPropertyDescription("HTTP port of /health and /metrics; 0 disables the endpoint.")
        int httpPort) {

  /** The site broker, where devices publish. */
  public record Site(
      Broker broker,
      @JsonPropertyDescription(
              "Topic templates with their payload format. {site}, {line}, {machine} and, for"
                  + " BARE_NUMBER, {metric} name topic levels; the filter subscribed is the"
                  + " template with + for each placeholder.")
          List<SubscriptionConfig> subscriptions,
      @JsonPropertyDescription("MQTT protocol spoken with the site broker: 5 or 3.1.1.")
          String protocol,
      @JsonPropertyDescription(
              "Messages the broker may have in flight to the gateway (MQTT 5 receive maximum;"
                  + " Paho's max inflight for 3.1.1). Bounds memory.")
          int receiveMaximum) {}

  /** One subscription: a topic template and the payload format of the topics it matches. */
  public record SubscriptionConfig(String template, PayloadFormat format) {}

  /** The uplink broker, where the ingest connector reads. */
  public record Uplink(
      Broker broker,
      @JsonPropertyDescription("Topic prefix; batches go to {prefix}/{id}/readings.")
          String topicPrefix,
      @JsonPropertyDescription("Most readings in one batch message.") int batchMaxReadings,
      @JsonPropertyDescription("Longest a reading waits for its batch to fill before it is sent.")
          Duration batchLinger,
      @JsonPropertyDescription(
              "Most batch messages sent and not yet acknowledged (by receipt, or by PUBACK when"
                  + " trustBrokerAck is on).")
          int maxInFlight,
      @JsonPropertyDescription("Interval of the retained status heartbeat.")
          Duration heartbeatInterval,
      @JsonPropertyDescription("Longest original payload kept in a rejected record, in bytes.")
          int rejectedPayloadMaxBytes,
      @JsonPropertyDescription(
              "Delete a batch from the queue on the uplink broker's PUBACK instead of the"
                  + " connector's receipt (the batch is in Kafka). Only for an uplink broker that"
                  + " is durable on its own and never drops a message without a subscriber.")
          boolean trustBrokerAck,
      @JsonPropertyDescription(
              "How long a batch waits for its receipt before it is sent again (the connector is"
                  + " down, paused, or Kafka is unreachable).")
          Duration receiptTimeout) {}

  /** How to reach one MQTT broker. */
  public record Broker(
      @JsonPropertyDescription("tcp://host:port or ssl://host:port.") String uri,
      @JsonPropertyDescription("MQTT client id; stable, so the persistent session is resumed.")
          String clientId,
      @JsonPropertyDescription("User name; empty for none.") String username,
      @JsonPropertyDescription(
              "Password. Prefer the environment variable or passwordFile; never logged.")
          String password,
      @JsonPropertyDescription("File holding the password (first line).") String passwordFile,
      @JsonPropertyDescription("PKCS#12 or JKS trust store for ssl:// (empty: the JVM's).")
          String trustStore,
      @JsonPropertyDescription("Trust store password.") String trustStorePassword,
      @JsonPropertyDescription("Client key store for mutual TLS (empty: none).") String keyStore,
      @JsonPropertyDescription("Key store password.") String keyStorePassword,
      @JsonPropertyDescription("Session expiry (MQTT 5): how long the broker keeps the session.")
          Duration sessionExpiry,
      @JsonPropertyDescription("MQTT keep-alive.") Duration keepAlive,
      @JsonPropertyDescription("First reconnect delay; doubles up to reconnectMaxDelay, jittered.")
          Duration reconnectMinDelay,
      @JsonPropertyDescription("Upper bound of the reconnect delay.") Duration reconnectMaxDelay) {

    /** A broker with the default session, keep-alive and reconnect settings and no credentials. */
    public static Broker of(String uri, String clientId) {
      return of(uri, clientId, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The same with the reconnect backoff bounds given. */
    public static Broker of(
        String uri, String clientId, Duration reconnectMin, Duration reconnectMax) {
      return new Broker(
          uri,
          clientId,
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          Duration.ofDays(1),
          Duration.ofSeconds(30),
          reconnectMin,
          reconnectMax);
    }

    @Override
    public String toString() {
      return "Broker[uri=" + uri + ", clientId=" + clientId + ", username=" + username + "]";
    }
  }

  /** The durable store-and-forward queue. */
  public record Queue(
      @JsonPropertyDescription("Directory of the queue (RocksDB); survives restarts.")
          String directory,
      @JsonPropertyDescription(
              "Bound of queued data in bytes; when full the oldest readings are dropped.")
          long maxBytes,
      @JsonPropertyDescription("Most site messages written with one disk sync.")
          int groupCommitMaxMessages) {}

  /** The gateway's own checks on top of the codec. */
  public record Validation(
      @JsonPropertyDescription("If not empty, only these metrics are accepted.")
          List<String> allowedMetrics,
      @JsonPropertyDescription("Plausible range per metric, in canonical units: [min, max].")
          Map<String, List<Double>> ranges,
      @JsonPropertyDescription(
              "Window in which a reading equal to an earlier one (same machine, metric, ts and"
                  + " value) is a duplicate, such as an MQTT redelivery.")
          Duration duplicateWindow,
      @JsonPropertyDescription("Largest payload accepted from a device, in bytes.")
          int maxPayloadBytes,
      @JsonPropertyDescription("Readings further ahead of the gateway clock are refused.")
          Duration maxFutureSkew,
      @JsonPropertyDescription("Readings older than this are refused; 0 disables the check.")
          Duration maxPastSkew) {}

  public static GatewayConfig defaults() {
    return new GatewayConfig(
        "gw1",
        new Site(
            Broker.of("tcp://127.0.0.1:1883", "plantwatch-gw1-site"),
            List.of(
                new SubscriptionConfig(
                    "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI)),
            "5",
            1000),
        new Uplink(
            Broker.of("tcp://127.0.0.1:1884", "plantwatch-gw1-uplink"),
            UplinkTopicLayout.DEFAULT_PREFIX,
            500,
            Duration.ofMillis(200),
            16,
            Duration.ofSeconds(10),
            4096,
            false,
            UplinkReceipt.DEFAULT_TIMEOUT),
        new Queue("./gateway-queue", 1L << 30, 1000),
        new Validation(
            List.of(),
            Map.of(),
            Duration.ofMinutes(10),
            256 * 1024,
            Duration.ofMinutes(5),
            Duration.ofDays(7)),
        Map.of(
            "temperature", "degC",
            "vibration", "mm/s",
            "pressure", "bar",
            "current", "A",
            "speed", "rpm"),
        8080);
  }
}
