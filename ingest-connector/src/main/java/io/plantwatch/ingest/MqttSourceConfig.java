package io.plantwatch.ingest;

import io.plantwatch.ingest.mqtt.SessionSettings;
import io.plantwatch.ingest.mqtt.TlsSettings;
import io.plantwatch.ingest.records.RecordHeaders;
import io.plantwatch.ingest.records.RecordSettings;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.UplinkTopicLayout;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's settings: their keys and defaults, and the typed accessors everything else reads
 * them through. Each setting's documentation, validator and group are declared once, in {@link
 * MqttSourceConfigDef}; rules that span several settings are {@link CrossFieldRules}. The MQTT
 * session and the record mapping get only their own part of a task's settings ({@link
 * #sessionSettings()}, {@link #recordSettings()}), as values of their own packages' types, so that
 * neither depends on this package.
 */
public final class MqttSourceConfig extends AbstractConfig {

  // --- MQTT connection
  public static final String BROKER_URI_CONFIG = "mqtt.broker.uri";

  public static final String CLIENT_ID_PREFIX_CONFIG = "mqtt.client.id.prefix";
  public static final String CLIENT_ID_PREFIX_DEFAULT = "plantwatch-ingest";

  public static final String USERNAME_CONFIG = "mqtt.username";

  public static final String PASSWORD_CONFIG = "mqtt.password";

  public static final String CONNECT_TIMEOUT_MS_CONFIG = "mqtt.connect.timeout.ms";
  public static final int CONNECT_TIMEOUT_MS_DEFAULT = 10_000;

  public static final String KEEP_ALIVE_S_CONFIG = "mqtt.keep.alive.s";
  public static final int KEEP_ALIVE_S_DEFAULT = 30;

  public static final String SESSION_EXPIRY_S_CONFIG = "mqtt.session.expiry.s";
  public static final long SESSION_EXPIRY_S_DEFAULT = 7 * 24 * 3600L;

  public static final String RECONNECT_BACKOFF_INITIAL_MS_CONFIG =
      "mqtt.reconnect.backoff.initial.ms";
  public static final long RECONNECT_BACKOFF_INITIAL_MS_DEFAULT = 500;

  public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "mqtt.reconnect.backoff.max.ms";
  public static final long RECONNECT_BACKOFF_MAX_MS_DEFAULT = 30_000;

  // --- MQTT subscription
  public static final String TOPICS_CONFIG = "mqtt.topics";
  public static final String TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.READINGS);

  public static final String STATUS_TOPICS_CONFIG = "mqtt.status.topics";
  public static final String STATUS_TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.STATUS);

  public static final String QUARANTINE_TOPICS_CONFIG = "mqtt.quarantine.topics";
  public static final String QUARANTINE_TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.REJECTED);

  public static final String RECEIPTS_TOPICS_CONFIG = "mqtt.receipts.topics";
  public static final String RECEIPTS_TOPICS_DEFAULT =
      UplinkTopicLayout.DEFAULT.everyGateway(UplinkTopicLayout.RECEIPTS);

  public static final String QOS_CONFIG = "mqtt.qos";
  public static final int QOS_DEFAULT = 1;

  public static final String SHARED_GROUP_CONFIG = "mqtt.shared.group";
  public static final String SHARED_GROUP_DEFAULT = "plantwatch-ingest";

  public static final String RECEIVE_MAXIMUM_CONFIG = "mqtt.receive.maximum";
  public static final int RECEIVE_MAXIMUM_DEFAULT = 1000;

  // --- TLS
  public static final String TRUSTSTORE_PATH_CONFIG = "mqtt.tls.truststore.path";

  public static final String TRUSTSTORE_PASSWORD_CONFIG = "mqtt.tls.truststore.password";

  public static final String TRUSTSTORE_TYPE_CONFIG = "mqtt.tls.truststore.type";
  public static final String STORE_TYPE_DEFAULT = "PKCS12";

  public static final String KEYSTORE_PATH_CONFIG = "mqtt.tls.keystore.path";

  public static final String KEYSTORE_PASSWORD_CONFIG = "mqtt.tls.keystore.password";

  public static final String KEYSTORE_TYPE_CONFIG = "mqtt.tls.keystore.type";

  public static final String HOSTNAME_VERIFICATION_CONFIG = "mqtt.tls.hostname.verification";

  // --- Kafka records
  public static final String TOPIC_CONFIG = "kafka.topic";
  public static final String TOPIC_DEFAULT = KafkaTopics.READINGS;

  public static final String REJECTED_TOPIC_CONFIG = "kafka.rejected.topic";
  public static final String REJECTED_TOPIC_DEFAULT = KafkaTopics.REJECTED;

  public static final String STATUS_TOPIC_CONFIG = "kafka.status.topic";
  public static final String STATUS_TOPIC_DEFAULT = KafkaTopics.GATEWAY_STATUS;

  public static final String REJECTED_MAX_BYTES_CONFIG = "kafka.rejected.max.payload.bytes";
  public static final int REJECTED_MAX_BYTES_DEFAULT = 64 * 1024;

  public static final String READING_HEADERS_CONFIG = "kafka.readings.headers";
  public static final List<String> READING_HEADERS_DEFAULT = RecordHeaders.ON_READINGS;

  public static final String ENVELOPE_MAX_BYTES_CONFIG = "envelope.max.bytes";
  public static final int ENVELOPE_MAX_BYTES_DEFAULT = BatchCodec.DEFAULT_MAX_BATCH_BYTES;

  // --- Flow control and delivery
  public static final String ACK_MODE_CONFIG = "mqtt.ack.mode";
  public static final String ACK_AFTER_KAFKA = "after-kafka";
  public static final String ACK_ON_ARRIVAL = "on-arrival";

  public static final String POLL_MAX_RECORDS_CONFIG = "poll.max.records";
  public static final int POLL_MAX_RECORDS_DEFAULT = 10_000;

  public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
  public static final int POLL_TIMEOUT_MS_DEFAULT = 500;

  // --- Monitoring
  public static final String METRICS_LOG_INTERVAL_MS_CONFIG = "mqtt.metrics.log.interval.ms";
  public static final long METRICS_LOG_INTERVAL_MS_DEFAULT = 60_000;

  /** Set by the connector on each task's configuration: the task's index, for its client id. */
  static final String TASK_INDEX_CONFIG = "task.index";

  public static final ConfigDef CONFIG_DEF = MqttSourceConfigDef.connector();

  static final ConfigDef TASK_CONFIG_DEF = MqttSourceConfigDef.task(CONFIG_DEF);

  public MqttSourceConfig(Map<String, String> props) {
    this(CONFIG_DEF, props);
  }

  private MqttSourceConfig(ConfigDef def, Map<String, String> props) {
    super(def, props);
    CrossFieldRules.check(this);
  }

  /** A task's configuration: the connector's plus the task index. */
  static MqttSourceConfig forTask(Map<String, String> props) {
    return new MqttSourceConfig(TASK_CONFIG_DEF, props);
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

  /** The headers each reading record carries, in {@link RecordHeaders#ON_READINGS}' order. */
  public List<String> readingHeaders() {
    List<String> chosen = getList(READING_HEADERS_CONFIG);
    return RecordHeaders.ON_READINGS.stream().filter(chosen::contains).toList();
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

  /**
   * What the task's MQTT session reads: connecting, subscribing, acknowledging, receipts. A task's
   * configuration only: the client id and the status subscription depend on the task index.
   */
  public SessionSettings sessionSettings() {
    return new SessionSettings(
        brokerUri(),
        clientId(),
        username(),
        password(),
        tls(),
        connectTimeoutMs(),
        keepAliveSeconds(),
        sessionExpirySeconds(),
        receiveMaximum(),
        reconnectBackoffInitialMs(),
        reconnectBackoffMaxMs(),
        topicFilters(),
        quarantineTopicFilters(),
        statusTopicFilters(),
        forwardsStatuses(),
        sharedGroup(),
        qos(),
        ackAfterKafka(),
        receiptTopicFilters());
  }

  /**
   * What the task's record mapping reads: which filter is which, and the Kafka topics. A task's
   * configuration only: whether it forwards statuses depends on the task index.
   */
  public RecordSettings recordSettings() {
    return new RecordSettings(
        topicFilters(),
        statusTopicFilters(),
        quarantineTopicFilters(),
        forwardsStatuses(),
        topic(),
        statusTopic(),
        rejectedTopic(),
        rejectedMaxPayloadBytes(),
        envelopeMaxBytes(),
        readingHeaders());
  }
}
