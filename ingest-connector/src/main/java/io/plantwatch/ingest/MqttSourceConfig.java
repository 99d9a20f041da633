package io.plantwatch.ingest;

import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.MqttTopicFilter;
import io.plantwatch.telemetry.UplinkTopicLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * The connector's settings, each declared once with its documentation, default, validator and
 * group. Everything else reads them through the typed accessors here.
 */
public final class MqttSourceConfig extends AbstractConfig {

  public static final String GROUP_CONNECTION = "MQTT connection";
  public static final String GROUP_SUBSCRIPTION = "MQTT subscription";
  public static final String GROUP_TLS = "MQTT TLS";
  public static final String GROUP_RECORDS = "Kafka records";
  public static final String GROUP_FLOW = "Flow control and delivery";
  public static final String GROUP_MONITORING = "Monitoring";

  /** Prefixes of this connector's own keys: an unknown key under one of them is a typo. */
  static final Set<String> OWN_PREFIXES = Set.of("mqtt.", "kafka.", "envelope.", "poll.");

  // --- MQTT connection
  public static final String BROKER_URI_CONFIG = "mqtt.broker.uri";
  private static final String BROKER_URI_DOC =
      "The uplink MQTT broker, as tcp://host:port, ssl://host:port, ws://… or wss://….";
  private static final String BROKER_URI_DISPLAY = "Broker URI";

  public static final String CLIENT_ID_PREFIX_CONFIG = "mqtt.client.id.prefix";
  private static final String CLIENT_ID_PREFIX_DOC =
      "Task i connects with client id '{prefix}-{i}'. The broker keeps each task's persistent"
          + " session under that id, so it must be stable and unique per connector.";
  public static final String CLIENT_ID_PREFIX_DEFAULT = "plantwatch-ingest";
  private static final String CLIENT_ID_PREFIX_DISPLAY = "Client id prefix";

  public static final String USERNAME_CONFIG = "mqtt.username";
  private static final String USERNAME_DOC = "User name for the broker; empty for anonymous.";
  private static final String USERNAME_DISPLAY = "User name";

  public static final String PASSWORD_CONFIG = "mqtt.password";
  private static final String PASSWORD_DOC = "Password for the broker. Never logged.";
  private static final String PASSWORD_DISPLAY = "Password";

  public static final String CONNECT_TIMEOUT_MS_CONFIG = "mqtt.connect.timeout.ms";
  private static final String CONNECT_TIMEOUT_MS_DOC =
      "How long one connection attempt (TCP, TLS, CONNECT/CONNACK, SUBSCRIBE) may take.";
  public static final int CONNECT_TIMEOUT_MS_DEFAULT = 10_000;
  private static final String CONNECT_TIMEOUT_MS_DISPLAY = "Connect timeout (ms)";

  public static final String KEEP_ALIVE_S_CONFIG = "mqtt.keep.alive.s";
  private static final String KEEP_ALIVE_S_DOC =
      "MQTT keep alive: a silent connection is declared dead after 1.5 times this.";
  public static final int KEEP_ALIVE_S_DEFAULT = 30;
  private static final String KEEP_ALIVE_S_DISPLAY = "Keep alive (s)";

  public static final String SESSION_EXPIRY_S_CONFIG = "mqtt.session.expiry.s";
  private static final String SESSION_EXPIRY_S_DOC =
      "How long the broker keeps a task's session, its subscriptions and its queued messages"
          + " while the task is away. Readings published during an outage longer than this are"
          + " lost to the connector.";
  public static final long SESSION_EXPIRY_S_DEFAULT = 7 * 24 * 3600L;
  private static final String SESSION_EXPIRY_S_DISPLAY = "Session expiry (s)";

  public static final String RECONNECT_BACKOFF_INITIAL_MS_CONFIG =
      "mqtt.reconnect.backoff.initial.ms";
  private static final String RECONNECT_BACKOFF_INITIAL_MS_DOC =
      "Wait before the first reconnection attempt; it doubles after each failed attempt.";
  public static final long RECONNECT_BACKOFF_INITIAL_MS_DEFAULT = 500;
  private static final String RECONNECT_BACKOFF_INITIAL_MS_DISPLAY = "Reconnect backoff (ms)";

  public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "mqtt.reconnect.backoff.max.ms";
  private static final String RECONNECT_BACKOFF_MAX_MS_DOC =
      "Upper bound of the wait between reconnection attempts.";
  public static final long RECONNECT_BACKOFF_MAX_MS_DEFAULT = 30_000;
  private static final String RECONNECT_BACKOFF_MAX_MS_DISPLAY = "Max reconnect backoff (ms)";

  // --- MQTT subscription
  public static final String TOPICS_CONFIG = "mqtt.topics";
  private static final String TOPICS_DOC =
      "Comma-separated MQTT topic filters carrying uplink batch envelopes. Give them without the"
          + " $share prefix: the connector adds it.";
  public static final String TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.READINGS);
  private static final String TOPICS_DISPLAY = "Topic filters";

  public static final String STATUS_TOPICS_CONFIG = "mqtt.status.topics";
  private static final String STATUS_TOPICS_DOC =
      "Comma-separated MQTT topic filters carrying the gateways' retained status messages,"
          + " forwarded to kafka.status.topic. Only task 0 subscribes to them, and without"
          + " a shared subscription (MQTT 5 brokers send retained messages to non-shared"
          + " subscriptions only), so each status reaches Kafka once per delivery. They must not"
          + " overlap the readings filters.";
  public static final String STATUS_TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.STATUS);
  private static final String STATUS_TOPICS_DISPLAY = "Status topic filters";

  public static final String QUARANTINE_TOPICS_CONFIG = "mqtt.quarantine.topics";
  private static final String QUARANTINE_TOPICS_DOC =
      "Comma-separated MQTT topic filters carrying the gateways' quarantine records (contract 3),"
          + " forwarded to kafka.rejected.topic with their reason code in the plantwatch.reason"
          + " header. Shared among the tasks like mqtt.topics; empty forwards none (the broker then"
          + " drops them).";
  public static final String QUARANTINE_TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.REJECTED);
  private static final String QUARANTINE_TOPICS_DISPLAY = "Quarantine topic filters";

  public static final String RECEIPTS_TOPICS_CONFIG = "mqtt.receipts.topics";
  private static final String RECEIPTS_TOPICS_DOC =
      "Comma-separated MQTT topic filters a message's response topic must match for the task to"
          + " publish its receipt there (QoS 1, the message's correlation data) once Kafka has"
          + " every record made from it (contract 3b). A response topic outside these filters gets"
          + " no receipt, so a sender cannot make the connector publish anywhere; empty sends no"
          + " receipts, and gateways then resend until their receiptTimeout gives up on them.";
  public static final String RECEIPTS_TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.RECEIPTS);
  private static final String RECEIPTS_TOPICS_DISPLAY = "Receipt topic filters";

  public static final String QOS_CONFIG = "mqtt.qos";
  private static final String QOS_DOC =
      "Subscription QoS. 1 (or 2) gives at-least-once delivery; 0 gives no guarantee.";
  public static final int QOS_DEFAULT = 1;
  private static final String QOS_DISPLAY = "QoS";

  public static final String SHARED_GROUP_CONFIG = "mqtt.shared.group";
  private static final String SHARED_GROUP_DOC =
      "MQTT 5 shared subscription group: tasks subscribe to $share/{group}/{filter} and the broker"
          + " spreads messages over them. Empty subscribes without sharing, which allows only one"
          + " task.";
  public static final String SHARED_GROUP_DEFAULT = "plantwatch-ingest";
  private static final String SHARED_GROUP_DISPLAY = "Shared subscription group";

  public static final String RECEIVE_MAXIMUM_CONFIG = "mqtt.receive.maximum";
  private static final String RECEIVE_MAXIMUM_DOC =
      "MQTT 5 receive maximum: how many unacknowledged QoS 1/2 messages the broker may have in"
          + " flight to one task. It is also the capacity of the hand-off queue between the MQTT"
          + " client and poll(), so a slow Kafka makes the broker hold messages instead of the"
          + " task growing memory.";
  public static final int RECEIVE_MAXIMUM_DEFAULT = 1000;
  private static final String RECEIVE_MAXIMUM_DISPLAY = "Receive maximum";

  // --- TLS
  public static final String TRUSTSTORE_PATH_CONFIG = "mqtt.tls.truststore.path";
  private static final String TRUSTSTORE_PATH_DOC =
      "Trust store with the CA of the broker's certificate, for ssl:// and wss:// URIs. Empty"
          + " uses the JVM's default trust store.";
  private static final String TRUSTSTORE_PATH_DISPLAY = "Trust store path";

  public static final String TRUSTSTORE_PASSWORD_CONFIG = "mqtt.tls.truststore.password";
  private static final String TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";
  private static final String TRUSTSTORE_PASSWORD_DISPLAY = "Trust store password";

  public static final String TRUSTSTORE_TYPE_CONFIG = "mqtt.tls.truststore.type";
  private static final String TRUSTSTORE_TYPE_DOC = "Trust store format: PKCS12 or JKS.";
  public static final String STORE_TYPE_DEFAULT = "PKCS12";
  private static final String TRUSTSTORE_TYPE_DISPLAY = "Trust store type";

  public static final String KEYSTORE_PATH_CONFIG = "mqtt.tls.keystore.path";
  private static final String KEYSTORE_PATH_DOC =
      "Key store with the client certificate, when the broker requires one. Empty sends none.";
  private static final String KEYSTORE_PATH_DISPLAY = "Key store path";

  public static final String KEYSTORE_PASSWORD_CONFIG = "mqtt.tls.keystore.password";
  private static final String KEYSTORE_PASSWORD_DOC = "Password of the key store and its key.";
  private static final String KEYSTORE_PASSWORD_DISPLAY = "Key store password";

  public static final String KEYSTORE_TYPE_CONFIG = "mqtt.tls.keystore.type";
  private static final String KEYSTORE_TYPE_DOC = "Key store format: PKCS12 or JKS.";
  private static final String KEYSTORE_TYPE_DISPLAY = "Key store type";

  public static final String HOSTNAME_VERIFICATION_CONFIG = "mqtt.tls.hostname.verification";
  private static final String HOSTNAME_VERIFICATION_DOC =
      "Check that the broker's certificate names the host in the broker URI.";
  private static final String HOSTNAME_VERIFICATION_DISPLAY = "Host name verification";

  // --- Kafka records
  public static final String TOPIC_CONFIG = "kafka.topic";
  private static final String TOPIC_DOC =
      "Kafka topic for the readings: one record per reading, key = machine id.";
  public static final String TOPIC_DEFAULT = KafkaTopics.READINGS;
  private static final String TOPIC_DISPLAY = "Readings topic";

  public static final String REJECTED_TOPIC_CONFIG = "kafka.rejected.topic";
  private static final String REJECTED_TOPIC_DOC =
      "Kafka topic for payloads that cannot be decoded: the raw bytes, with the reason in"
          + " headers.";
  public static final String REJECTED_TOPIC_DEFAULT = KafkaTopics.REJECTED;
  private static final String REJECTED_TOPIC_DISPLAY = "Rejected topic";

  public static final String STATUS_TOPIC_CONFIG = "kafka.status.topic";
  private static final String STATUS_TOPIC_DOC =
      "Kafka topic for the gateways' status messages: one record per status, key = gateway id,"
          + " value = the status JSON object. Use a compacted topic to keep the latest status of"
          + " each gateway. Empty: statuses are not forwarded.";
  public static final String STATUS_TOPIC_DEFAULT = KafkaTopics.GATEWAY_STATUS;
  private static final String STATUS_TOPIC_DISPLAY = "Gateway status topic";

  public static final String REJECTED_MAX_BYTES_CONFIG = "kafka.rejected.max.payload.bytes";
  private static final String REJECTED_MAX_BYTES_DOC =
      "Rejected payloads are cut to this many bytes; the original size is in a header.";
  public static final int REJECTED_MAX_BYTES_DEFAULT = 64 * 1024;
  private static final String REJECTED_MAX_BYTES_DISPLAY = "Rejected payload cap (bytes)";

  public static final String ENVELOPE_MAX_BYTES_CONFIG = "envelope.max.bytes";
  private static final String ENVELOPE_MAX_BYTES_DOC =
      "Envelopes (and status messages) larger than this are rejected (payload_too_large) before"
          + " parsing.";
  public static final int ENVELOPE_MAX_BYTES_DEFAULT = BatchCodec.DEFAULT_MAX_BATCH_BYTES;
  private static final String ENVELOPE_MAX_BYTES_DISPLAY = "Max envelope size (bytes)";

  // --- Flow control and delivery
  public static final String ACK_MODE_CONFIG = "mqtt.ack.mode";
  private static final String ACK_MODE_DOC =
      "When an MQTT message is acknowledged. 'after-kafka': once Kafka has acknowledged every"
          + " record made from it (at least once). 'on-arrival': as soon as it reaches the task,"
          + " which loses what is in flight when the task dies; for measuring the guarantee's"
          + " cost only.";
  public static final String ACK_AFTER_KAFKA = "after-kafka";
  public static final String ACK_ON_ARRIVAL = "on-arrival";
  private static final String ACK_MODE_DISPLAY = "Acknowledgement mode";

  public static final String POLL_MAX_RECORDS_CONFIG = "poll.max.records";
  private static final String POLL_MAX_RECORDS_DOC =
      "poll() stops taking messages from the hand-off queue once it has made this many records.";
  public static final int POLL_MAX_RECORDS_DEFAULT = 10_000;
  private static final String POLL_MAX_RECORDS_DISPLAY = "Max records per poll";

  public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
  private static final String POLL_TIMEOUT_MS_DOC =
      "How long poll() waits for a first message before returning empty, so the worker can"
          + " commit and stop.";
  public static final int POLL_TIMEOUT_MS_DEFAULT = 500;
  private static final String POLL_TIMEOUT_MS_DISPLAY = "Poll timeout (ms)";

  // --- Monitoring
  public static final String METRICS_LOG_INTERVAL_MS_CONFIG = "mqtt.metrics.log.interval.ms";
  private static final String METRICS_LOG_INTERVAL_MS_DOC =
      "How often each task logs a one-line summary of its counters; 0 turns it off. The same"
          + " figures are always available over JMX.";
  public static final long METRICS_LOG_INTERVAL_MS_DEFAULT = 60_000;
  private static final String METRICS_LOG_INTERVAL_MS_DISPLAY = "Summary log interval (ms)";

  /** Set by the connector on each task's configuration: the task's index, for its client id. */
  static final String TASK_INDEX_CONFIG = "task.index";

  public static final ConfigDef CONFIG_DEF = definition();

  static final ConfigDef TASK_CONFIG_DEF =
      new ConfigDef(CONFIG_DEF)
          .defineInternal(
              TASK_INDEX_CONFIG,
              Type.INT,
              0,
              Range.atLeast(0),
              Importance.LOW,
              "Index of the task, set by the connector.");

  private static ConfigDef definition() {
    ConfigDef def = new ConfigDef();
    addConnectionOptions(def);
    addSubscriptionOptions(def);
    addTlsOptions(def);
    addRecordOptions(def);
    addFlowOptions(def);
    addMonitoringOptions(def);
    return def;
  }

  private static void addConnectionOptions(ConfigDef def) {
    int order = 0;
    def.define(
            BROKER_URI_CONFIG,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new BrokerUriValidator(),
            Importance.HIGH,
            BROKER_URI_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.LONG,
            BROKER_URI_DISPLAY)
        .define(
            CLIENT_ID_PREFIX_CONFIG,
            Type.STRING,
            CLIENT_ID_PREFIX_DEFAULT,
            new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.MEDIUM,
            CLIENT_ID_PREFIX_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            CLIENT_ID_PREFIX_DISPLAY)
        .define(
            USERNAME_CONFIG,
            Type.STRING,
            "",
            Importance.MEDIUM,
            USERNAME_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            USERNAME_DISPLAY)
        .define(
            PASSWORD_CONFIG,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            PASSWORD_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            PASSWORD_DISPLAY)
        .define(
            CONNECT_TIMEOUT_MS_CONFIG,
            Type.INT,
            CONNECT_TIMEOUT_MS_DEFAULT,
            Range.between(1_000, 300_000),
            Importance.LOW,
            CONNECT_TIMEOUT_MS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            CONNECT_TIMEOUT_MS_DISPLAY)
        .define(
            KEEP_ALIVE_S_CONFIG,
            Type.INT,
            KEEP_ALIVE_S_DEFAULT,
            Range.between(1, 65_535),
            Importance.LOW,
            KEEP_ALIVE_S_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            KEEP_ALIVE_S_DISPLAY)
        .define(
            SESSION_EXPIRY_S_CONFIG,
            Type.LONG,
            SESSION_EXPIRY_S_DEFAULT,
            Range.between(1, 0xFFFF_FFFFL),
            Importance.MEDIUM,
            SESSION_EXPIRY_S_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            SESSION_EXPIRY_S_DISPLAY)
        .define(
            RECONNECT_BACKOFF_INITIAL_MS_CONFIG,
            Type.LONG,
            RECONNECT_BACKOFF_INITIAL_MS_DEFAULT,
            Range.between(10, 3_600_000),
            Importance.LOW,
            RECONNECT_BACKOFF_INITIAL_MS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            RECONNECT_BACKOFF_INITIAL_MS_DISPLAY)
        .define(
            RECONNECT_BACKOFF_MAX_MS_CONFIG,
            Type.LONG,
            RECONNECT_BACKOFF_MAX_MS_DEFAULT,
            Range.between(10, 3_600_000),
            Importance.LOW,
            RECONNECT_BACKOFF_MAX_MS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            RECONNECT_BACKOFF_MAX_MS_DISPLAY);
  }

  private static void addSubscriptionOptions(ConfigDef def) {
    int order = 0;
    def.define(
            TOPICS_CONFIG,
            Type.LIST,
            TOPICS_DEFAULT,
            new TopicFiltersValidator(
                "give filters without $share/…; set " + SHARED_GROUP_CONFIG + " instead"),
            Importance.HIGH,
            TOPICS_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.LONG,
            TOPICS_DISPLAY)
        .define(
            STATUS_TOPICS_CONFIG,
            Type.LIST,
            STATUS_TOPICS_DEFAULT,
            new TopicFiltersValidator(
                "status filters are subscribed without sharing: give them without $share/…"),
            Importance.MEDIUM,
            STATUS_TOPICS_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.LONG,
            STATUS_TOPICS_DISPLAY)
        .define(
            QUARANTINE_TOPICS_CONFIG,
            Type.LIST,
            QUARANTINE_TOPICS_DEFAULT,
            new TopicFiltersValidator(
                "give filters without $share/…; set " + SHARED_GROUP_CONFIG + " instead", true),
            Importance.MEDIUM,
            QUARANTINE_TOPICS_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.LONG,
            QUARANTINE_TOPICS_DISPLAY)
        .define(
            RECEIPTS_TOPICS_CONFIG,
            Type.LIST,
            RECEIPTS_TOPICS_DEFAULT,
            new TopicFiltersValidator("receipts are published, not subscribed: no $share/…", true),
            Importance.MEDIUM,
            RECEIPTS_TOPICS_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.LONG,
            RECEIPTS_TOPICS_DISPLAY)
        .define(
            QOS_CONFIG,
            Type.INT,
            QOS_DEFAULT,
            Range.between(0, 2),
            Importance.MEDIUM,
            QOS_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.SHORT,
            QOS_DISPLAY)
        .define(
            SHARED_GROUP_CONFIG,
            Type.STRING,
            SHARED_GROUP_DEFAULT,
            new SharedGroupValidator(),
            Importance.MEDIUM,
            SHARED_GROUP_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.MEDIUM,
            SHARED_GROUP_DISPLAY)
        .define(
            RECEIVE_MAXIMUM_CONFIG,
            Type.INT,
            RECEIVE_MAXIMUM_DEFAULT,
            Range.between(1, 65_535),
            Importance.MEDIUM,
            RECEIVE_MAXIMUM_DOC,
            GROUP_SUBSCRIPTION,
            ++order,
            Width.SHORT,
            RECEIVE_MAXIMUM_DISPLAY);
  }

  private static void addTlsOptions(ConfigDef def) {
    int order = 0;
    ValidString storeTypes = ValidString.in("PKCS12", "JKS");
    def.define(
            TRUSTSTORE_PATH_CONFIG,
            Type.STRING,
            "",
            Importance.MEDIUM,
            TRUSTSTORE_PATH_DOC,
            GROUP_TLS,
            ++order,
            Width.LONG,
            TRUSTSTORE_PATH_DISPLAY)
        .define(
            TRUSTSTORE_PASSWORD_CONFIG,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            TRUSTSTORE_PASSWORD_DOC,
            GROUP_TLS,
            ++order,
            Width.MEDIUM,
            TRUSTSTORE_PASSWORD_DISPLAY)
        .define(
            TRUSTSTORE_TYPE_CONFIG,
            Type.STRING,
            STORE_TYPE_DEFAULT,
            storeTypes,
            Importance.LOW,
            TRUSTSTORE_TYPE_DOC,
            GROUP_TLS,
            ++order,
            Width.SHORT,
            TRUSTSTORE_TYPE_DISPLAY)
        .define(
            KEYSTORE_PATH_CONFIG,
            Type.STRING,
            "",
            Importance.MEDIUM,
            KEYSTORE_PATH_DOC,
            GROUP_TLS,
            ++order,
            Width.LONG,
            KEYSTORE_PATH_DISPLAY)
        .define(
            KEYSTORE_PASSWORD_CONFIG,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            KEYSTORE_PASSWORD_DOC,
            GROUP_TLS,
            ++order,
            Width.MEDIUM,
            KEYSTORE_PASSWORD_DISPLAY)
        .define(
            KEYSTORE_TYPE_CONFIG,
            Type.STRING,
            STORE_TYPE_DEFAULT,
            storeTypes,
            Importance.LOW,
            KEYSTORE_TYPE_DOC,
            GROUP_TLS,
            ++order,
            Width.SHORT,
            KEYSTORE_TYPE_DISPLAY)
        .define(
            HOSTNAME_VERIFICATION_CONFIG,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            HOSTNAME_VERIFICATION_DOC,
            GROUP_TLS,
            ++order,
            Width.SHORT,
            HOSTNAME_VERIFICATION_DISPLAY);
  }

  private static void addRecordOptions(ConfigDef def) {
    int order = 0;
    def.define(
            TOPIC_CONFIG,
            Type.STRING,
            TOPIC_DEFAULT,
            new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH,
            TOPIC_DOC,
            GROUP_RECORDS,
            ++order,
            Width.MEDIUM,
            TOPIC_DISPLAY)
        .define(
            REJECTED_TOPIC_CONFIG,
            Type.STRING,
            REJECTED_TOPIC_DEFAULT,
            new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH,
            REJECTED_TOPIC_DOC,
            GROUP_RECORDS,
            ++order,
            Width.MEDIUM,
            REJECTED_TOPIC_DISPLAY)
        .define(
            STATUS_TOPIC_CONFIG,
            Type.STRING,
            STATUS_TOPIC_DEFAULT,
            new OptionalTopicValidator(),
            Importance.HIGH,
            STATUS_TOPIC_DOC,
            GROUP_RECORDS,
            ++order,
            Width.MEDIUM,
            STATUS_TOPIC_DISPLAY)
        .define(
            REJECTED_MAX_BYTES_CONFIG,
            Type.INT,
            REJECTED_MAX_BYTES_DEFAULT,
            Range.atLeast(0),
            Importance.LOW,
            REJECTED_MAX_BYTES_DOC,
            GROUP_RECORDS,
            ++order,
            Width.SHORT,
            REJECTED_MAX_BYTES_DISPLAY)
        .define(
            ENVELOPE_MAX_BYTES_CONFIG,
            Type.INT,
            ENVELOPE_MAX_BYTES_DEFAULT,
            Range.atLeast(1),
            Importance.LOW,
            ENVELOPE_MAX_BYTES_DOC,
            GROUP_RECORDS,
            ++order,
            Width.SHORT,
            ENVELOPE_MAX_BYTES_DISPLAY);
  }

  private static void addFlowOptions(ConfigDef def) {
    int order = 0;
    def.define(
            ACK_MODE_CONFIG,
            Type.STRING,
            ACK_AFTER_KAFKA,
            ValidString.in(ACK_AFTER_KAFKA, ACK_ON_ARRIVAL),
            Importance.LOW,
            ACK_MODE_DOC,
            GROUP_FLOW,
            ++order,
            Width.SHORT,
            ACK_MODE_DISPLAY)
        .define(
            POLL_MAX_RECORDS_CONFIG,
            Type.INT,
            POLL_MAX_RECORDS_DEFAULT,
            Range.atLeast(1),
            Importance.LOW,
            POLL_MAX_RECORDS_DOC,
            GROUP_FLOW,
            ++order,
            Width.SHORT,
            POLL_MAX_RECORDS_DISPLAY)
        .define(
            POLL_TIMEOUT_MS_CONFIG,
            Type.INT,
            POLL_TIMEOUT_MS_DEFAULT,
            Range.between(1, 60_000),
            Importance.LOW,
            POLL_TIMEOUT_MS_DOC,
            GROUP_FLOW,
            ++order,
            Width.SHORT,
            POLL_TIMEOUT_MS_DISPLAY);
  }

  private static void addMonitoringOptions(ConfigDef def) {
    def.define(
        METRICS_LOG_INTERVAL_MS_CONFIG,
        Type.LONG,
        METRICS_LOG_INTERVAL_MS_DEFAULT,
        Range.atLeast(0),
        Importance.LOW,
        METRICS_LOG_INTERVAL_MS_DOC,
        GROUP_MONITORING,
        1,
        Width.SHORT,
        METRICS_LOG_INTERVAL_MS_DISPLAY);
  }

  public MqttSourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    checkCrossFieldRules();
  }

  private MqttSourceConfig(ConfigDef def, Map<String, String> props) {
    super(def, props);
    checkCrossFieldRules();
  }

  /** A task's configuration: the connector's plus the task index. */
  static MqttSourceConfig forTask(Map<String, String> props) {
    return new MqttSourceConfig(TASK_CONFIG_DEF, props);
  }

  private void checkCrossFieldRules() {
    if (reconnectBackoffMaxMs() < reconnectBackoffInitialMs()) {
      throw new ConfigException(
          RECONNECT_BACKOFF_MAX_MS_CONFIG,
          reconnectBackoffMaxMs(),
          "must not be less than " + RECONNECT_BACKOFF_INITIAL_MS_CONFIG);
    }
    String overlap = statusFilterOverlap(statusTopic(), topicFilters(), statusTopicFilters());
    if (overlap != null) {
      throw new ConfigException(STATUS_TOPICS_CONFIG, statusTopicFilters(), overlap);
    }
  }

  /**
   * Null when statuses are not forwarded or no status filter overlaps a readings filter, else the
   * problem: a message matching both would be delivered on both subscriptions.
   */
  static String statusFilterOverlap(
      String statusTopic, List<String> readingFilters, List<String> statusFilters) {
    if (statusTopic == null || statusTopic.isEmpty()) {
      return null;
    }
    for (String status : statusFilters) {
      for (String readings : readingFilters) {
        if (MqttTopicFilter.overlap(status, readings)) {
          return "status filter '"
              + status
              + "' overlaps the readings filter '"
              + readings
              + "' of "
              + TOPICS_CONFIG
              + ": a message matching both would be delivered twice";
        }
      }
    }
    return null;
  }

  public String brokerUri() {
    return getString(BROKER_URI_CONFIG);
  }

  public String clientIdPrefix() {
    return getString(CLIENT_ID_PREFIX_CONFIG);
  }

  public String username() {
    return getString(USERNAME_CONFIG);
  }

  /** Null when none is configured. */
  public Password password() {
    return getPassword(PASSWORD_CONFIG);
  }

  public int connectTimeoutMs() {
    return getInt(CONNECT_TIMEOUT_MS_CONFIG);
  }

  public int keepAliveSeconds() {
    return getInt(KEEP_ALIVE_S_CONFIG);
  }

  public long sessionExpirySeconds() {
    return getLong(SESSION_EXPIRY_S_CONFIG);
  }

  public long reconnectBackoffInitialMs() {
    return getLong(RECONNECT_BACKOFF_INITIAL_MS_CONFIG);
  }

  public long reconnectBackoffMaxMs() {
    return getLong(RECONNECT_BACKOFF_MAX_MS_CONFIG);
  }

  public List<String> topicFilters() {
    return getList(TOPICS_CONFIG);
  }

  public List<String> statusTopicFilters() {
    return getList(STATUS_TOPICS_CONFIG);
  }

  public List<String> quarantineTopicFilters() {
    return getList(QUARANTINE_TOPICS_CONFIG);
  }

  public List<String> receiptTopicFilters() {
    return getList(RECEIPTS_TOPICS_CONFIG);
  }

  public int qos() {
    return getInt(QOS_CONFIG);
  }

  public String sharedGroup() {
    return getString(SHARED_GROUP_CONFIG);
  }

  public int receiveMaximum() {
    return getInt(RECEIVE_MAXIMUM_CONFIG);
  }

  public TlsSettings tls() {
    return new TlsSettings(
        getString(TRUSTSTORE_PATH_CONFIG),
        getPassword(TRUSTSTORE_PASSWORD_CONFIG),
        getString(TRUSTSTORE_TYPE_CONFIG),
        getString(KEYSTORE_PATH_CONFIG),
        getPassword(KEYSTORE_PASSWORD_CONFIG),
        getString(KEYSTORE_TYPE_CONFIG),
        getBoolean(HOSTNAME_VERIFICATION_CONFIG));
  }

  public String topic() {
    return getString(TOPIC_CONFIG);
  }

  public String rejectedTopic() {
    return getString(REJECTED_TOPIC_CONFIG);
  }

  /** Empty when statuses are not forwarded. */
  public String statusTopic() {
    return getString(STATUS_TOPIC_CONFIG);
  }

  public int rejectedMaxPayloadBytes() {
    return getInt(REJECTED_MAX_BYTES_CONFIG);
  }

  public int envelopeMaxBytes() {
    return getInt(ENVELOPE_MAX_BYTES_CONFIG);
  }

  public boolean ackAfterKafka() {
    return ACK_AFTER_KAFKA.equals(getString(ACK_MODE_CONFIG));
  }

  public int pollMaxRecords() {
    return getInt(POLL_MAX_RECORDS_CONFIG);
  }

  public int pollTimeoutMs() {
    return getInt(POLL_TIMEOUT_MS_CONFIG);
  }

  public long metricsLogIntervalMs() {
    return getLong(METRICS_LOG_INTERVAL_MS_CONFIG);
  }

  public int taskIndex() {
    return getInt(TASK_INDEX_CONFIG);
  }

  /**
   * Whether this task subscribes to the status filters and forwards statuses: task 0 only, so that
   * each status reaches Kafka once per delivery.
   */
  public boolean forwardsStatuses() {
    return !statusTopic().isEmpty() && taskIndex() == 0;
  }

  /** The task's MQTT client id; the broker's persistent session is keyed by it. */
  public String clientId() {
    return clientIdPrefix() + "-" + taskIndex();
  }

  /** Schemes Paho's MQTT 5 client can connect with. */
  static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  static final class BrokerUriValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isBlank()) {
        throw new ConfigException(name, value, "a broker URI is required, e.g. tcp://host:1883");
      }
      URI uri;
      try {
        uri = new URI(value.toString().strip());
      } catch (URISyntaxException e) {
        throw new ConfigException(name, value, "not a URI: " + e.getMessage());
      }
      if (uri.getScheme() == null || !BROKER_SCHEMES.contains(uri.getScheme())) {
        throw new ConfigException(
            name, value, "the scheme must be one of tcp, ssl, ws, wss (e.g. tcp://host:1883)");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new ConfigException(name, value, "the URI names no host");
      }
    }

    @Override
    public String toString() {
      return "tcp://, ssl://, ws:// or wss:// URI with a host";
    }
  }

  static final class TopicFiltersValidator implements ConfigDef.Validator {
    private final String noSharePrefix;
    private final boolean allowEmpty;

    /**
     * @param noSharePrefix why a filter must not start with $share/
     */
    TopicFiltersValidator(String noSharePrefix) {
      this(noSharePrefix, false);
    }

    TopicFiltersValidator(String noSharePrefix, boolean allowEmpty) {
      this.noSharePrefix = noSharePrefix;
      this.allowEmpty = allowEmpty;
    }

    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> filters = (List<String>) value;
      if (filters == null || (filters.isEmpty() && !allowEmpty)) {
        throw new ConfigException(name, value, "at least one topic filter is required");
      }
      for (String filter : filters) {
        if (filter.isBlank()) {
          throw new ConfigException(name, value, "a topic filter is empty");
        }
        if (filter.startsWith("$share/")) {
          throw new ConfigException(name, value, noSharePrefix);
        }
        try {
          MqttTopicValidator.validate(filter, true, true);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              name, value, "'" + filter + "' is not a valid MQTT topic filter: " + e.getMessage());
        }
      }
    }

    @Override
    public String toString() {
      return "non-empty list of MQTT topic filters";
    }
  }

  /** A Kafka topic name, or empty for none. */
  static final class OptionalTopicValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String topic = value == null ? "" : value.toString();
      if (topic.chars().anyMatch(Character::isISOControl)) {
        throw new ConfigException(name, value, "must not contain ISO control characters");
      }
    }

    @Override
    public String toString() {
      return "topic name without ISO control characters; empty for none";
    }
  }

  static final class SharedGroupValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String group = value == null ? "" : value.toString();
      if (group.contains("/") || group.contains("+") || group.contains("#")) {
        throw new ConfigException(name, value, "a share name must not contain '/', '+' or '#'");
      }
    }

    @Override
    public String toString() {
      return "share name without '/', '+', '#'; empty for none";
    }
  }
}
