package io.plantwatch.ingest;

import static io.plantwatch.ingest.MqttSourceConfig.ACK_AFTER_KAFKA;
import static io.plantwatch.ingest.MqttSourceConfig.ACK_MODE_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.ACK_ON_ARRIVAL;
import static io.plantwatch.ingest.MqttSourceConfig.BROKER_URI_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.CLIENT_ID_PREFIX_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.CLIENT_ID_PREFIX_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.CONNECT_TIMEOUT_MS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.CONNECT_TIMEOUT_MS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.ENVELOPE_MAX_BYTES_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.ENVELOPE_MAX_BYTES_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.HOSTNAME_VERIFICATION_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.KEEP_ALIVE_S_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.KEEP_ALIVE_S_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.KEYSTORE_PASSWORD_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.KEYSTORE_PATH_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.KEYSTORE_TYPE_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.METRICS_LOG_INTERVAL_MS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.METRICS_LOG_INTERVAL_MS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.PASSWORD_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.POLL_MAX_RECORDS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.POLL_MAX_RECORDS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.POLL_TIMEOUT_MS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.POLL_TIMEOUT_MS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.QOS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.QOS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.QUARANTINE_TOPICS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.QUARANTINE_TOPICS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.READING_HEADERS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.READING_HEADERS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.RECEIPTS_TOPICS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.RECEIPTS_TOPICS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.RECEIVE_MAXIMUM_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.RECEIVE_MAXIMUM_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.RECONNECT_BACKOFF_INITIAL_MS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.RECONNECT_BACKOFF_INITIAL_MS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.REJECTED_MAX_BYTES_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.REJECTED_MAX_BYTES_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.REJECTED_TOPIC_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.REJECTED_TOPIC_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.SESSION_EXPIRY_S_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.SESSION_EXPIRY_S_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.SHARED_GROUP_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.SHARED_GROUP_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.STATUS_TOPICS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.STATUS_TOPICS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.STATUS_TOPIC_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.STATUS_TOPIC_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.STORE_TYPE_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.TASK_INDEX_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.TOPICS_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.TOPICS_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.TOPIC_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.TOPIC_DEFAULT;
import static io.plantwatch.ingest.MqttSourceConfig.TRUSTSTORE_PASSWORD_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.TRUSTSTORE_PATH_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.TRUSTSTORE_TYPE_CONFIG;
import static io.plantwatch.ingest.MqttSourceConfig.USERNAME_CONFIG;

import io.plantwatch.ingest.records.RecordHeaders;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The declaration of every setting of {@link MqttSourceConfig}: documentation, display name,
 * validator, importance and group, in the order the README's generated table and Connect UIs show
 * them. Pure declaration: no logic but what {@link ConfigDef} itself runs.
 */
final class MqttSourceConfigDef {
  private static final String GROUP_CONNECTION = "MQTT connection";
  private static final String GROUP_SUBSCRIPTION = "MQTT subscription";
  private static final String GROUP_TLS = "MQTT TLS";
  private static final String GROUP_RECORDS = "Kafka records";
  private static final String GROUP_FLOW = "Flow control and delivery";
  private static final String GROUP_MONITORING = "Monitoring";

  // --- MQTT connection
  private static final String BROKER_URI_DOC =
      "The uplink MQTT broker, as tcp://host:port, ssl://host:port, ws://… or wss://….";
  private static final String BROKER_URI_DISPLAY = "Broker URI";

  private static final String CLIENT_ID_PREFIX_DOC =
      "Task i connects with client id '{prefix}-{i}'. The broker keeps each task's persistent"
          + " session under that id, so it must be stable and unique per connector.";
  private static final String CLIENT_ID_PREFIX_DISPLAY = "Client id prefix";

  private static final String USERNAME_DOC = "User name for the broker; empty for anonymous.";
  private static final String USERNAME_DISPLAY = "User name";

  private static final String PASSWORD_DOC = "Password for the broker. Never logged.";
  private static final String PASSWORD_DISPLAY = "Password";

  private static final String CONNECT_TIMEOUT_MS_DOC =
      "How long one connection attempt (TCP, TLS, CONNECT/CONNACK, SUBSCRIBE) may take.";
  private static final String CONNECT_TIMEOUT_MS_DISPLAY = "Connect timeout (ms)";

  private static final String KEEP_ALIVE_S_DOC =
      "MQTT keep alive: a silent connection is declared dead after 1.5 times this.";
  private static final String KEEP_ALIVE_S_DISPLAY = "Keep alive (s)";

  private static final String SESSION_EXPIRY_S_DOC =
      "How long the broker keeps a task's session, its subscriptions and its queued messages"
          + " while the task is away. Readings published during an outage longer than this are"
          + " lost to the connector.";
  private static final String SESSION_EXPIRY_S_DISPLAY = "Session expiry (s)";

  private static final String RECONNECT_BACKOFF_INITIAL_MS_DOC =
      "Wait before the first reconnection attempt; it doubles after each failed attempt.";
  private static final String RECONNECT_BACKOFF_INITIAL_MS_DISPLAY = "Reconnect backoff (ms)";

  private static final String RECONNECT_BACKOFF_MAX_MS_DOC =
      "Upper bound of the wait between reconnection attempts.";
  private static final String RECONNECT_BACKOFF_MAX_MS_DISPLAY = "Max reconnect backoff (ms)";

  // --- MQTT subscription
  private static final String TOPICS_DOC =
      "Comma-separated MQTT topic filters carrying uplink batch envelopes. Give them without the"
          + " $share prefix: the connector adds it.";
  private static final String TOPICS_DISPLAY = "Topic filters";

  private static final String STATUS_TOPICS_DOC =
      "Comma-separated MQTT topic filters carrying the gateways' retained status messages,"
          + " forwarded to kafka.status.topic. Only task 0 subscribes to them, and without"
          + " a shared subscription (MQTT 5 brokers send retained messages to non-shared"
          + " subscriptions only), so each status reaches Kafka once per delivery. They must not"
          + " overlap the readings filters.";
  private static final String STATUS_TOPICS_DISPLAY = "Status topic filters";

  private static final String QUARANTINE_TOPICS_DOC =
      "Comma-separated MQTT topic filters carrying the gateways' quarantine records (contract 3),"
          + " forwarded to kafka.rejected.topic with their reason code in the plantwatch.reason"
          + " header. Shared among the tasks like mqtt.topics; empty forwards none (the broker then"
          + " drops them).";
  private static final String QUARANTINE_TOPICS_DISPLAY = "Quarantine topic filters";

  private static final String RECEIPTS_TOPICS_DOC =
      "Comma-separated MQTT topic filters a message's response topic must match for the task to"
          + " publish its receipt there (QoS 1, the message's correlation data) once Kafka has"
          + " every record made from it (contract 3b). A response topic outside these filters gets"
          + " no receipt, so a sender cannot make the connector publish anywhere; empty sends no"
          + " receipts, and gateways then resend until their receiptTimeout gives up on them.";
  private static final String RECEIPTS_TOPICS_DISPLAY = "Receipt topic filters";

  private static final String QOS_DOC =
      "Subscription QoS. 1 (or 2) gives at-least-once delivery; 0 gives no guarantee.";
  private static final String QOS_DISPLAY = "QoS";

  private static final String SHARED_GROUP_DOC =
      "MQTT 5 shared subscription group: tasks subscribe to $share/{group}/{filter} and the broker"
          + " spreads messages over them. Empty subscribes without sharing, which allows only one"
          + " task.";
  private static final String SHARED_GROUP_DISPLAY = "Shared subscription group";

  private static final String RECEIVE_MAXIMUM_DOC =
      "MQTT 5 receive maximum: how many unacknowledged QoS 1/2 messages the broker may have in"
          + " flight to one task. It is also the capacity of the hand-off queue between the MQTT"
          + " client and poll(), so a slow Kafka makes the broker hold messages instead of the"
          + " task growing memory.";
  private static final String RECEIVE_MAXIMUM_DISPLAY = "Receive maximum";

  // --- TLS
  private static final String TRUSTSTORE_PATH_DOC =
      "Trust store with the CA of the broker's certificate, for ssl:// and wss:// URIs. Empty"
          + " uses the JVM's default trust store.";
  private static final String TRUSTSTORE_PATH_DISPLAY = "Trust store path";

  private static final String TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";
  private static final String TRUSTSTORE_PASSWORD_DISPLAY = "Trust store password";

  private static final String TRUSTSTORE_TYPE_DOC = "Trust store format: PKCS12 or JKS.";
  private static final String TRUSTSTORE_TYPE_DISPLAY = "Trust store type";

  private static final String KEYSTORE_PATH_DOC =
      "Key store with the client certificate, when the broker requires one. Empty sends none.";
  private static final String KEYSTORE_PATH_DISPLAY = "Key store path";

  private static final String KEYSTORE_PASSWORD_DOC = "Password of the key store and its key.";
  private static final String KEYSTORE_PASSWORD_DISPLAY = "Key store password";

  private static final String KEYSTORE_TYPE_DOC = "Key store format: PKCS12 or JKS.";
  private static final String KEYSTORE_TYPE_DISPLAY = "Key store type";

  private static final String HOSTNAME_VERIFICATION_DOC =
      "Check that the broker's certificate names the host in the broker URI.";
  private static final String HOSTNAME_VERIFICATION_DISPLAY = "Host name verification";

  // --- Kafka records
  private static final String TOPIC_DOC =
      "Kafka topic for the readings: one record per reading, key = machine id.";
  private static final String TOPIC_DISPLAY = "Readings topic";

  private static final String REJECTED_TOPIC_DOC =
      "Kafka topic for payloads that cannot be decoded: the raw bytes, with the reason in"
          + " headers.";
  private static final String REJECTED_TOPIC_DISPLAY = "Rejected topic";

  private static final String STATUS_TOPIC_DOC =
      "Kafka topic for the gateways' status messages: one record per status, key = gateway id,"
          + " value = the status JSON object. Use a compacted topic to keep the latest status of"
          + " each gateway. Empty: statuses are not forwarded.";
  private static final String STATUS_TOPIC_DISPLAY = "Gateway status topic";

  private static final String REJECTED_MAX_BYTES_DOC =
      "Rejected payloads are cut to this many bytes; the original size is in a header.";
  private static final String REJECTED_MAX_BYTES_DISPLAY = "Rejected payload cap (bytes)";

  private static final String READING_HEADERS_DOC =
      "Headers each reading record carries, any of "
          + String.join(", ", RecordHeaders.ON_READINGS)
          + "; empty for none. Each is the same for every reading of one MQTT message and the"
          + " gateway is also in the value, but together they take twice the bytes of an Avro"
          + " reading (229 bytes a record with them, 85 without) and the task writes each name and"
          + " value of each record: leave out what no consumer reads.";
  private static final String READING_HEADERS_DISPLAY = "Reading record headers";

  private static final String ENVELOPE_MAX_BYTES_DOC =
      "Envelopes (and status messages) larger than this are rejected (payload_too_large) before"
          + " parsing.";
  private static final String ENVELOPE_MAX_BYTES_DISPLAY = "Max envelope size (bytes)";

  // --- Flow control and delivery
  private static final String ACK_MODE_DOC =
      "When an MQTT message is acknowledged. 'after-kafka': once Kafka has acknowledged every"
          + " record made from it (at least once). 'on-arrival': as soon as it reaches the task,"
          + " which loses what is in flight when the task dies; for measuring the guarantee's"
          + " cost only.";
  private static final String ACK_MODE_DISPLAY = "Acknowledgement mode";

  private static final String POLL_MAX_RECORDS_DOC =
      "poll() stops taking messages from the hand-off queue once it has made this many records.";
  private static final String POLL_MAX_RECORDS_DISPLAY = "Max records per poll";

  private static final String POLL_TIMEOUT_MS_DOC =
      "How long poll() waits for a first message before returning empty, so the worker can"
          + " commit and stop.";
  private static final String POLL_TIMEOUT_MS_DISPLAY = "Poll timeout (ms)";

  // --- Monitoring
  private static final String METRICS_LOG_INTERVAL_MS_DOC =
      "How often each task logs a one-line summary of its counters; 0 turns it off. The same"
          + " figures are always available over JMX.";
  private static final String METRICS_LOG_INTERVAL_MS_DISPLAY = "Summary log interval (ms)";

  private MqttSourceConfigDef() {}

  /** A task's settings: the connector's plus the task index, which the connector sets. */
  static ConfigDef task(ConfigDef connector) {
    return new ConfigDef(connector)
        .defineInternal(
            TASK_INDEX_CONFIG,
            Type.INT,
            0,
            Range.atLeast(0),
            Importance.LOW,
            "Index of the task, set by the connector.");
  }

  /** The connector's settings. */
  static ConfigDef connector() {
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
            new ConfigValidators.BrokerUriValidator(),
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
            new ConfigValidators.TopicFiltersValidator(
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
            new ConfigValidators.TopicFiltersValidator(
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
            new ConfigValidators.TopicFiltersValidator(
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
            new ConfigValidators.TopicFiltersValidator(
                "receipts are published, not subscribed: no $share/…", true),
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
            new ConfigValidators.SharedGroupValidator(),
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
            new ConfigValidators.OptionalTopicValidator(),
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
            READING_HEADERS_CONFIG,
            Type.LIST,
            READING_HEADERS_DEFAULT,
            ConfigDef.ValidList.in(RecordHeaders.ON_READINGS.toArray(String[]::new)),
            Importance.LOW,
            READING_HEADERS_DOC,
            GROUP_RECORDS,
            ++order,
            Width.LONG,
            READING_HEADERS_DISPLAY)
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
}
