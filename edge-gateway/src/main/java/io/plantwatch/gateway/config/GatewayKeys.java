package io.plantwatch.gateway.config;

import static io.plantwatch.gateway.config.ConfigKey.key;
import static io.plantwatch.gateway.config.ValueType.BOOLEAN;
import static io.plantwatch.gateway.config.ValueType.DURATION;
import static io.plantwatch.gateway.config.ValueType.INT;
import static io.plantwatch.gateway.config.ValueType.LONG;
import static io.plantwatch.gateway.config.ValueType.RANGES;
import static io.plantwatch.gateway.config.ValueType.SECRET;
import static io.plantwatch.gateway.config.ValueType.SUBSCRIPTIONS;
import static io.plantwatch.gateway.config.ValueType.TEXT;
import static io.plantwatch.gateway.config.ValueType.TEXT_LIST;
import static io.plantwatch.gateway.config.ValueType.TEXT_MAP;

import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.UplinkReceipt;
import io.plantwatch.telemetry.UplinkTopicLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every key of the gateway's configuration, declared once, in the order of the README table: path,
 * type, default, checks and meaning. Loading (file and environment), validation, the README table,
 * {@code --print-config} and {@link GatewayConfig#defaults()} are all derived from this list; the
 * typed {@link GatewayConfig} records are bound to it by path (a test keeps the two in step).
 */
final class GatewayKeys {
  /** A check across keys: the values by path, and where to add problems. */
  @FunctionalInterface
  interface Rule {
    void check(Function<String, Object> valueAt, List<String> problems);
  }

  private static final Map<String, ConfigKey<?>> KEYS = new LinkedHashMap<>();
  private static final List<Rule> RULES = new ArrayList<>();

  static {
    add(
        key(
                "id",
                TEXT,
                "gw1",
                "Gateway id: prefix of reading ids and part of uplink topics. No '/', '+' or '#'.")
            .check(Checks.gatewayId()));
    broker("site.broker", "tcp://127.0.0.1:1883", "plantwatch-gw1-site");
    add(
        key(
                "site.subscriptions",
                SUBSCRIPTIONS,
                List.of(
                    new GatewayConfig.SubscriptionConfig(
                        "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI)),
                "Topic templates with their payload format. {site}, {line}, {machine} and, for"
                    + " BARE_NUMBER, {metric} name topic levels; the filter subscribed is the"
                    + " template with + for each placeholder.")
            .check(Checks.subscriptions()));
    add(
        key("site.protocol", TEXT, "5", "MQTT protocol spoken with the site broker: 5 or 3.1.1.")
            .check(Checks.oneOf("5", "3.1.1")));
    add(
        key(
                "site.receiveMaximum",
                INT,
                1000,
                "Messages the broker may have in flight to the gateway (MQTT 5 receive maximum;"
                    + " Paho's max inflight for 3.1.1). Bounds memory.")
            .check(Checks.between(1, 65535)));

    broker("uplink.broker", "tcp://127.0.0.1:1884", "plantwatch-gw1-uplink");
    add(
        key(
                "uplink.topicPrefix",
                TEXT,
                UplinkTopicLayout.DEFAULT_PREFIX,
                "Topic prefix; batches go to {prefix}/{id}/readings.")
            .check(Checks.topicWithoutWildcards()));
    add(
        key("uplink.batchMaxReadings", INT, 500, "Most readings in one batch message.")
            .check(Checks.between(1, 100_000)));
    add(
        key(
                "uplink.batchLinger",
                DURATION,
                Duration.ofMillis(200),
                "Longest a reading waits for its batch to fill before it is sent.")
            .check(Checks.notNegative()));
    add(
        key(
                "uplink.maxInFlight",
                INT,
                16,
                "Most batch messages sent and not yet acknowledged (by receipt, or by PUBACK when"
                    + " trustBrokerAck is on).")
            .check(Checks.between(1, 65535)));
    add(
        key(
                "uplink.heartbeatInterval",
                DURATION,
                Duration.ofSeconds(10),
                "Interval of the retained status heartbeat.")
            .check(Checks.positive()));
    add(
        key(
                "uplink.rejectedPayloadMaxBytes",
                INT,
                4096,
                "Longest original payload kept in a rejected record, in bytes.")
            .check(Checks.between(1, 1 << 20)));
    add(
        key(
            "uplink.trustBrokerAck",
            BOOLEAN,
            false,
            "Delete a batch from the queue on the uplink broker's PUBACK instead of the"
                + " connector's receipt (the batch is in Kafka). Only for an uplink broker that"
                + " is durable on its own and never drops a message without a subscriber."));
    add(
        key(
                "uplink.receiptTimeout",
                DURATION,
                UplinkReceipt.DEFAULT_TIMEOUT,
                "How long a batch waits for its receipt before it is sent again (the connector is"
                    + " down, paused, or Kafka is unreachable).")
            .check(Checks.atLeast(Duration.ofSeconds(1))));
    retry(
        "uplink.forwardRetry",
        "Retries of a failed forwarding round (reading the queue, building a batch) before the"
            + " gateway stops with an error; the readings stay queued for the next start. A"
            + " corrupt queue stops at once. Uplink outages are not failures: they are waited out.",
        10,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30));

    add(
        key(
                "queue.directory",
                TEXT,
                "./gateway-queue",
                "Directory of the queue (RocksDB); survives restarts.")
            .check(Checks.present()));
    add(
        key(
                "queue.maxBytes",
                LONG,
                1L << 30,
                "Bound of queued data in bytes; when full the oldest readings are dropped.")
            .check(Checks.atLeast(1 << 20, "1048576 (1 MiB)")));
    add(
        key(
                "queue.groupCommitMaxMessages",
                INT,
                1000,
                "Most site messages written with one disk sync.")
            .check(Checks.between(1, 1_000_000)));
    retry(
        "queue.commitRetry",
        "Retries of a failed group commit (a full or failing disk) before the gateway stops with"
            + " an error; the messages stay unacknowledged, so the site broker delivers them again"
            + " after the restart. A corrupt queue stops at once.",
        10,
        Duration.ofMillis(100),
        Duration.ofSeconds(10));

    add(
        key(
            "validation.allowedMetrics",
            TEXT_LIST,
            List.of(),
            "If not empty, only these metrics are accepted."));
    add(
        key(
                "validation.ranges",
                RANGES,
                Map.of(),
                "Plausible range per metric, in canonical units: [min, max].")
            .check(Checks.ranges()));
    add(
        key(
                "validation.duplicateWindow",
                DURATION,
                Duration.ofMinutes(10),
                "Window in which a reading equal to an earlier one (same machine, metric, ts and"
                    + " value) is a duplicate, such as an MQTT redelivery.")
            .check(Checks.notNegative()));
    add(
        key(
                "validation.maxPayloadBytes",
                INT,
                256 * 1024,
                "Largest payload accepted from a device, in bytes.")
            .check(Checks.between(1, 64 << 20)));
    add(
        key(
            "validation.maxFutureSkew",
            DURATION,
            Duration.ofMinutes(5),
            "Readings further ahead of the gateway clock are refused."));
    add(
        key(
            "validation.maxPastSkew",
            DURATION,
            Duration.ofDays(7),
            "Readings older than this are refused; 0 disables the check."));
    add(
        key(
                "units",
                TEXT_MAP,
                Map.of(
                    "temperature", "degC",
                    "vibration", "mm/s",
                    "pressure", "bar",
                    "current", "A",
                    "speed", "rpm"),
                "Metric name to the unit of its bare values, e.g. temperature: degF.")
            .check(Checks.units()));
    add(
        key("httpPort", INT, 8080, "HTTP port of /health and /metrics; 0 disables the endpoint.")
            .check(Checks.port()));
  }

  private GatewayKeys() {}

  /** The keys of one MQTT broker connection; the site and the uplink each have a set. */
  private static void broker(String prefix, String uri, String clientId) {
    add(
        key(prefix + ".uri", TEXT, uri, "tcp://host:port or ssl://host:port.")
            .check(Checks.brokerUri()));
    add(
        key(
                prefix + ".clientId",
                TEXT,
                clientId,
                "MQTT client id; stable, so the persistent session is resumed.")
            .check(Checks.present()));
    add(key(prefix + ".username", TEXT, "", "User name; empty for none."));
    add(
        key(
            prefix + ".password",
            SECRET,
            Secret.NONE,
            "Password. Prefer the environment variable or passwordFile; never logged."));
    add(
        key(prefix + ".passwordFile", TEXT, "", "File holding the password (first line).")
            .check(Checks.readableIfSet()));
    add(
        key(
                prefix + ".trustStore",
                TEXT,
                "",
                "PKCS#12 or JKS trust store for ssl:// (empty: the JVM's).")
            .check(Checks.readableIfSet()));
    add(key(prefix + ".trustStorePassword", SECRET, Secret.NONE, "Trust store password."));
    add(
        key(prefix + ".keyStore", TEXT, "", "Client key store for mutual TLS (empty: none).")
            .check(Checks.readableIfSet()));
    add(key(prefix + ".keyStorePassword", SECRET, Secret.NONE, "Key store password."));
    add(
        key(
            prefix + ".sessionExpiry",
            DURATION,
            Duration.ofDays(1),
            "Session expiry (MQTT 5): how long the broker keeps the session."));
    add(key(prefix + ".keepAlive", DURATION, Duration.ofSeconds(30), "MQTT keep-alive."));
    add(
        key(
            prefix + ".reconnectMinDelay",
            DURATION,
            Duration.ofMillis(500),
            "First reconnect delay; doubles up to reconnectMaxDelay, jittered."));
    add(
        key(
            prefix + ".reconnectMaxDelay",
            DURATION,
            Duration.ofSeconds(30),
            "Upper bound of the reconnect delay."));
    add(
        key(
                prefix + ".connectTimeout",
                DURATION,
                Duration.ofSeconds(10),
                "Longest wait for the connection (TCP, TLS and the broker's CONNACK), in whole"
                    + " seconds; a SUBACK gets 5 s more. A timeout is retried like any outage.")
            .check(Checks.between(Duration.ofSeconds(1), Duration.ofMinutes(5))));
    RULES.add(
        (v, p) -> {
          Duration min = (Duration) v.apply(prefix + ".reconnectMinDelay");
          Duration max = (Duration) v.apply(prefix + ".reconnectMaxDelay");
          if (min.isZero() || min.isNegative() || max.compareTo(min) < 0) {
            p.add(prefix + ": reconnectMinDelay must be positive and not above reconnectMaxDelay");
          }
        });
  }

  /** The keys of a bounded retry: how many, and the backoff between them. */
  private static void retry(
      String prefix, String meaning, int maxRetries, Duration minDelay, Duration maxDelay) {
    add(key(prefix + ".maxRetries", INT, maxRetries, meaning).check(Checks.between(0, 10_000)));
    add(
        key(
            prefix + ".minDelay",
            DURATION,
            minDelay,
            "First delay between those retries; doubles up to maxDelay, jittered."));
    add(
        key(
            prefix + ".maxDelay",
            DURATION,
            maxDelay,
            "Upper bound of the delay between those retries."));
    RULES.add(
        (v, p) -> {
          Duration min = (Duration) v.apply(prefix + ".minDelay");
          Duration max = (Duration) v.apply(prefix + ".maxDelay");
          if (min.isZero() || max.compareTo(min) < 0) {
            p.add(prefix + ": minDelay must be positive and not above maxDelay");
          }
        });
  }

  private static void add(ConfigKey<?> key) {
    if (KEYS.putIfAbsent(key.path(), key) != null) {
      throw new IllegalStateException("key " + key.path() + " is declared twice");
    }
  }

  /** Every key, in the order of the README table. */
  static List<ConfigKey<?>> all() {
    return List.copyOf(KEYS.values());
  }

  /** The key at {@code path}, or null. */
  static ConfigKey<?> at(String path) {
    return KEYS.get(path);
  }

  /** The names one level below {@code prefix} ("" for the top), in declaration order. */
  static List<String> childrenOf(String prefix) {
    String start = prefix.isEmpty() ? "" : prefix + ".";
    return KEYS.keySet().stream()
        .filter(p -> p.startsWith(start))
        .map(p -> p.substring(start.length()).split("\\.")[0])
        .distinct()
        .toList();
  }

  /** Every default, by path. */
  static Map<String, Object> defaults() {
    Map<String, Object> out = new LinkedHashMap<>();
    KEYS.values().forEach(k -> out.put(k.path(), k.defaultValue()));
    return out;
  }

  /** Every problem of a complete set of values: each key's checks, then the rules across keys. */
  static List<String> problems(Map<String, Object> values) {
    List<String> problems = new ArrayList<>();
    for (ConfigKey<?> k : KEYS.values()) {
      k.check(values.get(k.path()), problems);
    }
    RULES.forEach(r -> r.check(values::get, problems));
    return problems;
  }
}
