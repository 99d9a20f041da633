package io.plantwatch.analytics.config;

import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.ReadingFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analytics job's configuration: every key declared once below, with its default and check.
 * Values come from {@link ConfigSources}; nothing else reads raw key strings.
 */
public final class JobConfig {
  public static final String PREFIX = "plantwatch.";

  private static final String KAFKA = "Kafka source";
  private static final String STREAM = "Streaming";
  private static final String INFLUX = "InfluxDB sink";
  private static final String REJECTS = "Rejected rows";
  private static final String HEALTH = "Health model";
  private static final String ALERTS = "Alerting";
  private static final String MAIL = "Alert mail";
  private static final String COMPUTED = "Computed topics";

  public static final ConfigKey<String> KAFKA_BOOTSTRAP =
      ConfigKey.optional(
          "plantwatch.kafka.bootstrap",
          KAFKA,
          "localhost:9092",
          Values::nonEmpty,
          "Kafka bootstrap servers, comma-separated host:port.");
  public static final ConfigKey<String> KAFKA_TOPIC =
      ConfigKey.optional(
          "plantwatch.kafka.topic",
          KAFKA,
          KafkaTopics.READINGS,
          Values::nonEmpty,
          "Topic of the readings (key = machine id, value = one reading, in"
              + " plantwatch.readings.format).");
  public static final ConfigKey<ReadingFormat> READINGS_FORMAT =
      ConfigKey.optional(
          "plantwatch.readings.format",
          KAFKA,
          "json",
          raw -> Values.oneOf(ReadingFormat.class, raw),
          "How the readings topic's values are encoded; must match the connector's"
              + " value.converter. `json`: Connect's JsonConverter (the reading's JSON, plain or in"
              + " the schema envelope). `avro`: plantwatch's ReadingAvroConverter (Avro binary of"
              + " telemetry-model's fixed reading schema, no registry; about 40 % of the bytes,"
              + " cheaper to parse). A value that is not one reading in this format is rejected:"
              + " `malformed_json` or `malformed_avro`.");
  public static final ConfigKey<String> KAFKA_STARTING_OFFSETS =
      ConfigKey.optional(
          "plantwatch.kafka.startingOffsets",
          KAFKA,
          "earliest",
          JobConfig::startingOffsets,
          "Where a query without a checkpoint starts: `earliest`, `latest` or Spark's JSON of"
              + " offsets per partition. Ignored once a checkpoint exists.");
  public static final ConfigKey<Long> KAFKA_MAX_OFFSETS_PER_TRIGGER =
      ConfigKey.optional(
          "plantwatch.kafka.maxOffsetsPerTrigger",
          KAFKA,
          "100000",
          Values::positiveLong,
          "Backpressure: at most this many records per micro-batch, so a backlog is worked off in"
              + " bounded batches.");

  public static final ConfigKey<Duration> KAFKA_FETCH_MAX_WAIT =
      ConfigKey.optional(
          "plantwatch.kafka.fetchMaxWait",
          KAFKA,
          "50ms",
          JobConfig::fetchMaxWait,
          "Kafka's fetch.max.wait.ms for the job's Spark Kafka sources: how long the broker holds"
              + " a fetch that finds no new records. A micro-batch's task first waits for the"
              + " fetch its partition's consumer left in flight at the end of the batch before,"
              + " so with Kafka's 500 ms every task reading a quiet partition (the judged-windows"
              + " topic, quiet between two batches of the windows query) started up to half a"
              + " second late (docs/performance.md).");

  public static final ConfigKey<Integer> KAFKA_MAX_POLL_RECORDS =
      ConfigKey.optional(
          "plantwatch.kafka.maxPollRecords",
          KAFKA,
          "20000",
          Values::positiveInt,
          "Kafka's max.poll.records for the job's Spark Kafka sources. Spark's consumer seeks"
              + " before every poll, which drops what the last fetch brought beyond the records"
              + " handed out, and asks the broker for the partition's first and last offsets after"
              + " it: with Kafka's 500, a task reading 6,000 records fetched its partition 12 times"
              + " and made 36 round trips to the broker. 20,000 hands out all a fetch brings"
              + " (`max.partition.fetch.bytes`, 1 MB: about 12,000 Avro readings)"
              + " (docs/performance.md).");

  public static final ConfigKey<String> KAFKA_WINDOWS_TOPIC =
      ConfigKey.optional(
          "plantwatch.kafka.windowsTopic",
          COMPUTED,
          KafkaTopics.WINDOWS,
          String::strip,
          "Compacted topic receiving each window's newest value whenever a batch changes it, as"
              + " InfluxDB gets it (key = `[site,line,machine,metric,window]` as JSON; contract 4b"
              + " of docs/architecture.md). Empty = not published. Created at start when missing.");
  public static final ConfigKey<String> KAFKA_HEALTH_TOPIC =
      ConfigKey.optional(
          "plantwatch.kafka.healthTopic",
          COMPUTED,
          KafkaTopics.HEALTH,
          String::strip,
          "Compacted topic receiving each health score as InfluxDB gets it (key ="
              + " `[site,line,machine]` as JSON), when a health model is set. Empty = not"
              + " published. Created at start when missing.");
  public static final ConfigKey<Duration> KAFKA_COMPUTED_HISTORY =
      ConfigKey.optional(
          "plantwatch.kafka.computedHistory",
          COMPUTED,
          "2h",
          Values::duration,
          "How long the computed topics keep every record before compaction may keep only the"
              + " newest per key: their `min.compaction.lag.ms` (and `segment.ms`) when the job"
              + " creates them, so a consumer starting now reads this much history.");

  public static final ConfigKey<String> CHECKPOINT =
      ConfigKey.required(
          "plantwatch.checkpoint",
          STREAM,
          Values::nonEmpty,
          "Checkpoint directory (a path or a Hadoop URI such as hdfs:// or s3a://). Each query"
              + " keeps its offsets and state under it; the job resumes from it after a crash.");
  public static final ConfigKey<Duration> TRIGGER =
      ConfigKey.optional(
          "plantwatch.trigger",
          STREAM,
          "10s",
          Values::duration,
          "Micro-batch interval; `0s` starts the next batch as soon as the last one ends.");
  public static final ConfigKey<Duration> WATERMARK =
      ConfigKey.optional(
          "plantwatch.watermark",
          STREAM,
          "10m",
          Values::duration,
          "How late a reading may arrive, in event time, and still count. It also bounds the"
              + " de-duplication and window state.");
  public static final ConfigKey<List<WindowSpec>> WINDOWS =
      ConfigKey.optional(
          "plantwatch.windows",
          STREAM,
          "5m/1m",
          WindowSpec::parseList,
          "Window specs `LENGTH/SLIDE`, comma-separated (`1m/10s,1h/5m`); `10m` or `10m/10m` is"
              + " tumbling. One query computes them all; another list starts its state afresh.");
  public static final ConfigKey<Duration> WINDOWS_EMIT_EVERY =
      ConfigKey.optional(
          "plantwatch.windows.emitEvery",
          STREAM,
          "0s",
          Values::duration,
          "How often at most a machine's metric writes its changed windows to InfluxDB and"
              + " plantwatch.kafka.windowsTopic, by the micro-batches' time: `0s` = with every batch"
              + " that changes them (Spark's update mode). Longer cuts the points written (with"
              + " `1m/10s` windows each reading changes 6) at the cost of the dashboard's freshness."
              + " A window is written at once when final (the watermark has passed its end), and"
              + " the alert rules' windows are judged as without it. When every series falls"
              + " silent at once, the changes held last wait for readings to come again: the"
              + " watermark moves only with them.");
  public static final ConfigKey<StateStore> STATE_STORE =
      ConfigKey.optional(
          "plantwatch.stateStore",
          STREAM,
          "rocksdb",
          raw -> Values.oneOf(StateStore.class, raw),
          "State store provider of the alert and health queries: `rocksdb` (off-heap, for many"
              + " machines) or `hdfs` (Spark's in-memory default). The windows query always uses"
              + " RocksDB, which Spark's transformWithState requires.");
  public static final ConfigKey<Integer> STATE_STORE_MEMORY =
      ConfigKey.optional(
          "plantwatch.stateStore.memoryMb",
          STREAM,
          "128",
          Values::nonNegativeInt,
          "RocksDB's memory in MB for all state stores of a JVM together (write buffers and block"
              + " cache; Spark's `boundedMemoryUsage`). `0` = no bound: each store of each"
              + " partition and operator takes its own buffers and cache.");

  public static final ConfigKey<String> INFLUX_URL =
      ConfigKey.optional(
          "plantwatch.influx.url",
          INFLUX,
          "http://localhost:8086",
          JobConfig::httpUrl,
          "InfluxDB base URL.");
  public static final ConfigKey<InfluxApi> INFLUX_API =
      ConfigKey.optional(
          "plantwatch.influx.api",
          INFLUX,
          "auto",
          raw -> Values.oneOf(InfluxApi.class, raw),
          "Write API: `v1` (`/write`, InfluxDB 1.x: database, retention policy, user and"
              + " password), `v2` (`/api/v2/write`, InfluxDB 2.x/3.x and 1.8+: org, bucket,"
              + " token), or `auto`: asks the server's `/ping` before the first write and takes v1"
              + " when it says version 1.x, else v2.");
  public static final ConfigKey<String> INFLUX_TOKEN =
      ConfigKey.secret(
          "plantwatch.influx.token",
          INFLUX,
          "v2: API token; never logged. Prefer the environment variable to a command line.");
  public static final ConfigKey<String> INFLUX_ORG =
      ConfigKey.optional(
          "plantwatch.influx.org", INFLUX, "plantwatch", Values::nonEmpty, "v2: organisation.");
  public static final ConfigKey<String> INFLUX_BUCKET =
      ConfigKey.optional(
          "plantwatch.influx.bucket",
          INFLUX,
          "plantwatch",
          Values::nonEmpty,
          "v2: bucket (on InfluxDB 1.8+: `database/retention-policy`).");
  public static final ConfigKey<String> INFLUX_DATABASE =
      ConfigKey.optional(
          "plantwatch.influx.database", INFLUX, "plantwatch", Values::nonEmpty, "v1: database.");
  public static final ConfigKey<String> INFLUX_RETENTION_POLICY =
      ConfigKey.optional(
          "plantwatch.influx.retentionPolicy",
          INFLUX,
          "",
          String::strip,
          "v1: retention policy; empty = the database's default.");
  public static final ConfigKey<String> INFLUX_USERNAME =
      ConfigKey.optional(
          "plantwatch.influx.username",
          INFLUX,
          "",
          String::strip,
          "v1: user; empty = no authentication.");
  public static final ConfigKey<String> INFLUX_PASSWORD =
      ConfigKey.secret(
          "plantwatch.influx.password",
          INFLUX,
          "v1: password; never logged. Prefer PLANTWATCH_INFLUX_PASSWORD or the file key.");
  public static final ConfigKey<String> INFLUX_PASSWORD_FILE =
      ConfigKey.optional(
          "plantwatch.influx.passwordFile",
          INFLUX,
          "",
          String::strip,
          "v1: file holding the password (a mounted secret); used when the password key is"
              + " empty.");
  public static final ConfigKey<String> INFLUX_MEASUREMENT =
      ConfigKey.optional(
          "plantwatch.influx.measurement",
          INFLUX,
          "machine_window_stats",
          Values::nonEmpty,
          "Measurement of the window statistics.");
  public static final ConfigKey<Integer> INFLUX_BATCH_SIZE =
      ConfigKey.optional(
          "plantwatch.influx.batchSize",
          INFLUX,
          "5000",
          Values::positiveInt,
          "Points per write request.");
  public static final ConfigKey<Duration> INFLUX_TIMEOUT =
      ConfigKey.optional(
          "plantwatch.influx.timeout",
          INFLUX,
          "10s",
          Values::positiveDuration,
          "Connect, read and write timeout of one request.");
  public static final ConfigKey<Integer> INFLUX_RETRY_MAX_ATTEMPTS =
      ConfigKey.optional(
          "plantwatch.influx.retry.maxAttempts",
          INFLUX,
          "10",
          Values::positiveInt,
          "Attempts per request on timeouts, connection failures, 429 and 5xx; then the"
              + " micro-batch fails and is replayed from the checkpoint when the job restarts.");
  public static final ConfigKey<Duration> INFLUX_RETRY_INITIAL_BACKOFF =
      ConfigKey.optional(
          "plantwatch.influx.retry.initialBackoff",
          INFLUX,
          "1s",
          Values::positiveDuration,
          "Wait before the first retry; doubled after each failed attempt.");
  public static final ConfigKey<Duration> INFLUX_RETRY_MAX_BACKOFF =
      ConfigKey.optional(
          "plantwatch.influx.retry.maxBackoff",
          INFLUX,
          "30s",
          Values::positiveDuration,
          "Upper bound of the wait between two attempts.");

  public static final ConfigKey<String> REJECTED_TOPIC =
      ConfigKey.optional(
          "plantwatch.rejected.topic",
          REJECTS,
          KafkaTopics.REJECTED,
          Values::nonEmpty,
          "Topic receiving records that fail parsing or validation, with a reason code.");
  public static final ConfigKey<Integer> REJECTED_MAX_PAYLOAD =
      ConfigKey.optional(
          "plantwatch.rejected.maxPayloadChars",
          REJECTS,
          "4096",
          Values::positiveInt,
          "The original record value is kept in the rejected record up to this many characters.");

  public static final ConfigKey<String> HEALTH_MODEL =
      ConfigKey.optional(
          "plantwatch.health.model",
          HEALTH,
          "",
          String::strip,
          "Directory written by `bin/plantwatch model train`; empty = no health scoring. A missing"
              + " or incompatible directory stops the job at start.");
  public static final ConfigKey<Duration> HEALTH_CYCLE =
      ConfigKey.optional(
          "plantwatch.health.cycle",
          HEALTH,
          "1m",
          Values::positiveDuration,
          "Event time of one cycle: readings are gathered per machine into tumbling windows of this"
              + " length (aligned to the epoch), and each window the watermark closes is one cycle"
              + " for the model (`gateway replay --cycle-ms` must match).");
  public static final ConfigKey<String> HEALTH_MEASUREMENT =
      ConfigKey.optional(
          "plantwatch.health.measurement",
          HEALTH,
          "machine_health",
          Values::nonEmpty,
          "Measurement of the health points (`rul_cycles`, `rul_low`, `rul_high`).");

  public static final ConfigKey<String> ALERTS_RULES =
      ConfigKey.optional(
          "plantwatch.alerts.rules",
          ALERTS,
          "",
          String::strip,
          "Rules file (YAML, schema in this README); `example` = the shipped example rule set;"
              + " empty = no alerting. A file with mistakes stops the job at start.");
  public static final ConfigKey<String> ALERTS_TOPIC =
      ConfigKey.optional(
          "plantwatch.alerts.topic",
          ALERTS,
          KafkaTopics.ALERTS,
          Values::nonEmpty,
          "Kafka topic of the alert transitions (JSON, key = the transition's idempotency key).");
  public static final ConfigKey<String> ALERTS_MEASUREMENT =
      ConfigKey.optional(
          "plantwatch.alerts.measurement",
          ALERTS,
          "maintenance_alerts",
          Values::nonEmpty,
          "InfluxDB measurement of the alert transitions (Grafana annotations).");
  public static final ConfigKey<Duration> ALERTS_WATERMARK =
      ConfigKey.optional(
          "plantwatch.alerts.watermark",
          ALERTS,
          "1m",
          Values::duration,
          "How long the rules wait for late readings: a rule judges a window once the readings'"
              + " event time has passed its end by this much. Shorter than plantwatch.watermark on"
              + " purpose: alerts come early; a reading later than this still counts in InfluxDB's"
              + " windows but not in the alert's.");
  public static final ConfigKey<String> ALERTS_JUDGED_TOPIC =
      ConfigKey.optional(
          "plantwatch.alerts.judgedTopic",
          ALERTS,
          KafkaTopics.JUDGED_WINDOWS,
          String::strip,
          "Compacted topic through which the windows query hands the rules their windows, each"
              + " once when final for them (format of plantwatch.kafka.windowsTopic): the alert"
              + " query reads these few records instead of every reading. Rules on window specs"
              + " not in plantwatch.windows add those specs to the windows query's state (and so"
              + " to its checkpoint's name). Empty, or plantwatch.alerts.watermark longer than"
              + " plantwatch.watermark: each window spec the rules read gets its own query that"
              + " reads, parses and de-duplicates every reading again. Created at start when"
              + " missing.");
  public static final ConfigKey<Boolean> ALERTS_EARLY =
      ConfigKey.optional(
          "plantwatch.alerts.early",
          ALERTS,
          "true",
          Values::bool,
          "Whether a threshold rule on a window's `max` with `>`/`>=`, or its `min` with `<`/`<=`,"
              + " fires as soon as the readings so far cross the threshold (with `min_count` of"
              + " them), instead of once the window is final: later readings cannot undo such a"
              + " breach. The alert names that window and the value so far; with `for: N` it"
              + " fires early only on the window right after the last one judged, when that made"
              + " N-1 breaches in a row. Only where the windows query judges the rules' windows"
              + " (plantwatch.alerts.judgedTopic set, plantwatch.alerts.watermark within"
              + " plantwatch.watermark). `false`: every window is judged when final.");
  public static final ConfigKey<Duration> ALERTS_TRIGGER =
      ConfigKey.optional(
          "plantwatch.alerts.trigger",
          ALERTS,
          "1s",
          Values::duration,
          "Micro-batch interval of the query that reads plantwatch.alerts.judgedTopic and sends"
              + " the alerts. It runs a batch only when that topic has new records, so a short"
              + " interval costs a look at the topic's end, not a batch: a judged window waits at"
              + " most this long for its alert to go out (with plantwatch.trigger, 10 s by"
              + " default, 5 s on average).");
  public static final ConfigKey<Integer> ALERTS_PARTITIONS =
      ConfigKey.optional(
          "plantwatch.alerts.partitions",
          ALERTS,
          "1",
          Values::positiveInt,
          "Shuffle partitions (state stores) of each alert query, fixed in its checkpoint at the"
              + " first start. Alert queries see only the metrics their rules read, so one is"
              + " enough on a small machine: every state store costs a commit per micro-batch."
              + " Raise it when the rules watch many machines and the job runs on many cores.");
  public static final ConfigKey<Duration> ALERTS_STALE_AFTER =
      ConfigKey.optional(
          "plantwatch.alerts.staleAfter",
          ALERTS,
          "10m",
          Values::positiveDuration,
          "A PENDING or FIRING alert whose machine sent no window for this long (processing time)"
              + " becomes STALE instead of staying FIRING. Checked at least every quarter of it"
              + " (at most every minute, never more often than the trigger), so a STALE comes up"
              + " to that much later.");
  public static final ConfigKey<Integer> ALERTS_FLAPPING_MAX =
      ConfigKey.optional(
          "plantwatch.alerts.flapping.maxTransitions",
          ALERTS,
          "4",
          Values::positiveInt,
          "More FIRING/RESOLVED transitions than this within the flapping period mark the alert"
              + " flapping: one mail says so; the transitions are published but not mailed.");
  public static final ConfigKey<Duration> ALERTS_FLAPPING_PERIOD =
      ConfigKey.optional(
          "plantwatch.alerts.flapping.period",
          ALERTS,
          "1h",
          Values::positiveDuration,
          "Event-time period over which transitions are counted for flapping.");
  public static final ConfigKey<String> ALERTS_GATEWAY_STATUS_TOPIC =
      ConfigKey.optional(
          "plantwatch.alerts.gatewayStatusTopic",
          ALERTS,
          KafkaTopics.GATEWAY_STATUS,
          String::strip,
          "Kafka topic of the gateways' status messages (the connector's `kafka.status.topic`): a STALE"
              + " alert of a machine whose gateway is offline blames the gateway. Empty = not read.");
  public static final ConfigKey<String> MAIL_SMTP_HOST =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.host",
          MAIL,
          "",
          String::strip,
          "SMTP server; empty = mails are only written to the outbox folder.");
  public static final ConfigKey<Integer> MAIL_SMTP_PORT =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.port", MAIL, "25", Values::positiveInt, "SMTP port.");
  public static final ConfigKey<String> MAIL_SMTP_SECURITY =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.security",
          MAIL,
          "none",
          raw -> {
            SmtpSecurity.parse(raw);
            return raw.strip();
          },
          "`none`, `starttls` (required, certificate checked) or `smtps`.");
  public static final ConfigKey<String> MAIL_SMTP_USERNAME =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.username",
          MAIL,
          "",
          String::strip,
          "SMTP user; empty = no authentication.");
  public static final ConfigKey<String> MAIL_SMTP_PASSWORD =
      ConfigKey.secret(
          "plantwatch.alerts.smtp.password",
          MAIL,
          "SMTP password; never logged. Prefer PLANTWATCH_ALERTS_SMTP_PASSWORD or the file key.");
  public static final ConfigKey<String> MAIL_SMTP_PASSWORD_FILE =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.passwordFile",
          MAIL,
          "",
          String::strip,
          "File holding the SMTP password (a mounted secret); used when the password key is"
              + " empty.");
  public static final ConfigKey<String> MAIL_FROM =
      ConfigKey.optional(
          "plantwatch.alerts.mail.from",
          MAIL,
          "plantwatch@localhost",
          Values::nonEmpty,
          "Sender address.");
  public static final ConfigKey<String> MAIL_TO =
      ConfigKey.optional(
          "plantwatch.alerts.mail.to",
          MAIL,
          "maintenance@localhost",
          raw -> {
            if (MailRoute.addresses(raw).isEmpty()) {
              throw new IllegalArgumentException("names no address");
            }
            return raw.strip();
          },
          "Default recipients, comma-separated: machines no route matches.");
  public static final ConfigKey<String> MAIL_ROUTES =
      ConfigKey.optional(
          "plantwatch.alerts.mail.routes",
          MAIL,
          "",
          raw -> {
            MailRoute.parseList(raw);
            return raw.strip();
          },
          "Recipients by site/line: `site/line=a@x,b@y; site/*=c@z` (`*` = any); a machine's alerts go"
              + " to every matching route, or to the default recipients when none matches.");
  public static final ConfigKey<Integer> MAIL_DIGEST_ABOVE =
      ConfigKey.optional(
          "plantwatch.alerts.mail.digestAbove",
          MAIL,
          "5",
          Values::positiveInt,
          "A recipient with more mails than this in one micro-batch gets one digest instead.");
  public static final ConfigKey<String> MAIL_OUTBOX =
      ConfigKey.optional(
          "plantwatch.alerts.outbox",
          MAIL,
          "plantwatch-outbox",
          Values::nonEmpty,
          "Folder of `.eml` files: every mail is written here first (its idempotency key is the"
              + " file name), sent ones move to `sent/`; mails an SMTP outage holds back wait here.");
  public static final ConfigKey<Integer> MAIL_MAX_ATTEMPTS =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.maxAttempts",
          MAIL,
          "3",
          Values::positiveInt,
          "Sending attempts per mail and round before it is left in the outbox for the next round.");
  public static final ConfigKey<Duration> MAIL_INITIAL_BACKOFF =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.initialBackoff",
          MAIL,
          "1s",
          Values::positiveDuration,
          "First wait between attempts; doubles up to the maximum.");
  public static final ConfigKey<Duration> MAIL_MAX_BACKOFF =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.maxBackoff",
          MAIL,
          "30s",
          Values::positiveDuration,
          "Longest wait between attempts.");
  public static final ConfigKey<Duration> MAIL_TIMEOUT =
      ConfigKey.optional(
          "plantwatch.alerts.smtp.timeout",
          MAIL,
          "10s",
          Values::positiveDuration,
          "Connect and read timeout of the SMTP connection.");
  public static final ConfigKey<Duration> MAIL_RETRY_EVERY =
      ConfigKey.optional(
          "plantwatch.alerts.outbox.retryEvery",
          MAIL,
          "15s",
          Values::positiveDuration,
          "How often mails waiting in the outbox are tried again in the background.");
  public static final ConfigKey<String> MAIL_GRAFANA_URL =
      ConfigKey.optional(
          "plantwatch.alerts.grafanaUrl",
          MAIL,
          "",
          JobConfig::httpUrlOrEmpty,
          "Grafana base URL: mails link to its machine-detail dashboard (the machine, 1 h before to"
              + " 15 min after the alert). Empty = no Grafana link.");
  public static final ConfigKey<String> MAIL_GRAFANA_DASHBOARD =
      ConfigKey.optional(
          "plantwatch.alerts.grafanaDashboard",
          MAIL,
          "plantwatch-machine-detail/plantwatch-machine-detail",
          JobConfig::dashboardPath,
          "`UID/SLUG` of the machine-detail dashboard the mails link to (the provisioned one in"
              + " dashboards/grafana by default); its variables `site`, `line`, `machine` are set.");
  public static final ConfigKey<String> MAIL_VIEW_URL =
      ConfigKey.optional(
          "plantwatch.alerts.viewUrl",
          MAIL,
          "",
          JobConfig::httpUrlOrEmpty,
          "Base URL of plantwatch's live view: without a Grafana URL, mails link to its machine"
              + " page (`/machine?site=…&line=…&machine=…`). Empty = no such link.");

  /** Every key, in the order of the README table. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          KAFKA_BOOTSTRAP,
          KAFKA_TOPIC,
          READINGS_FORMAT,
          KAFKA_STARTING_OFFSETS,
          KAFKA_MAX_OFFSETS_PER_TRIGGER,
          KAFKA_FETCH_MAX_WAIT,
          KAFKA_MAX_POLL_RECORDS,
          KAFKA_WINDOWS_TOPIC,
          KAFKA_HEALTH_TOPIC,
          KAFKA_COMPUTED_HISTORY,
          CHECKPOINT,
          TRIGGER,
          WATERMARK,
          WINDOWS,
          WINDOWS_EMIT_EVERY,
          STATE_STORE,
          STATE_STORE_MEMORY,
          INFLUX_URL,
          INFLUX_API,
          INFLUX_TOKEN,
          INFLUX_ORG,
          INFLUX_BUCKET,
          INFLUX_DATABASE,
          INFLUX_RETENTION_POLICY,
          INFLUX_USERNAME,
          INFLUX_PASSWORD,
          INFLUX_PASSWORD_FILE,
          INFLUX_MEASUREMENT,
          INFLUX_BATCH_SIZE,
          INFLUX_TIMEOUT,
          INFLUX_RETRY_MAX_ATTEMPTS,
          INFLUX_RETRY_INITIAL_BACKOFF,
          INFLUX_RETRY_MAX_BACKOFF,
          REJECTED_TOPIC,
          REJECTED_MAX_PAYLOAD,
          HEALTH_MODEL,
          HEALTH_CYCLE,
          HEALTH_MEASUREMENT,
          ALERTS_RULES,
          ALERTS_TOPIC,
          ALERTS_MEASUREMENT,
          ALERTS_WATERMARK,
          ALERTS_JUDGED_TOPIC,
          ALERTS_EARLY,
          ALERTS_TRIGGER,
          ALERTS_PARTITIONS,
          ALERTS_STALE_AFTER,
          ALERTS_FLAPPING_MAX,
          ALERTS_FLAPPING_PERIOD,
          ALERTS_GATEWAY_STATUS_TOPIC,
          MAIL_SMTP_HOST,
          MAIL_SMTP_PORT,
          MAIL_SMTP_SECURITY,
          MAIL_SMTP_USERNAME,
          MAIL_SMTP_PASSWORD,
          MAIL_SMTP_PASSWORD_FILE,
          MAIL_FROM,
          MAIL_TO,
          MAIL_ROUTES,
          MAIL_DIGEST_ABOVE,
          MAIL_OUTBOX,
          MAIL_MAX_ATTEMPTS,
          MAIL_INITIAL_BACKOFF,
          MAIL_MAX_BACKOFF,
          MAIL_TIMEOUT,
          MAIL_RETRY_EVERY,
          MAIL_GRAFANA_URL,
          MAIL_GRAFANA_DASHBOARD,
          MAIL_VIEW_URL);

  /** Which state store provider the stateful operators use. */
  public enum StateStore {
    ROCKSDB("org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"),
    HDFS("org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider");

    private final String providerClass;

    StateStore(String providerClass) {
      this.providerClass = providerClass;
    }

    public String providerClass() {
      return providerClass;
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<ConfigKey<?>, Object> values;
  private final Map<String, String> raw;

  private JobConfig(Map<ConfigKey<?>, Object> values, Map<String, String> raw) {
    this.values = values;
    this.raw = raw;
  }

  /**
   * Checks and converts {@code raw} ({@code plantwatch.*} keys to text values). Every problem is
   * reported at once, each naming its key.
   */
  public static JobConfig from(Map<String, String> raw) {
    List<String> problems = new ArrayList<>();
    for (String name : new TreeMap<>(raw).keySet()) {
      if (name.startsWith(PREFIX) && KEYS.stream().noneMatch(k -> k.name().equals(name))) {
        problems.add(name + ": unknown key (see the analytics-job README for the keys)");
      }
    }
    Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
    Map<String, String> used = new LinkedHashMap<>();
    for (ConfigKey<?> key : KEYS) {
      String text = raw.get(key.name());
      if (text == null) {
        if (key.isRequired()) {
          problems.add(key.name() + ": is required (" + key.doc() + ")");
          continue;
        }
        text = key.defaultValue();
      }
      try {
        values.put(key, key.parse(text));
        used.put(key.name(), text);
      } catch (IllegalArgumentException e) {
        problems.add(key.name() + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new JobConfig(values, used);
  }

  @SuppressWarnings("unchecked")
  /**
   * A secret from its key or, when that is empty, from the file {@code fileKey} names (a mounted
   * secret); a file that cannot be read is a configuration error naming the key.
   */
  public String secret(ConfigKey<String> key, ConfigKey<String> fileKey) {
    String value = get(key);
    String file = get(fileKey);
    if (!value.isEmpty() || file.isEmpty()) {
      return value;
    }
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
    } catch (java.io.IOException e) {
      throw new ConfigException(
          List.of(fileKey.name() + ": cannot read " + file + ": " + e.getMessage()));
    }
  }

  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /** Every effective value as {@code key=value}, secrets shown as {@code [hidden]}: for logs. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (ConfigKey<?> key : KEYS) {
      String text = raw.get(key.name());
      boolean hide = key.isSecret() && text != null && !text.isEmpty();
      out.append(key.name()).append('=').append(hide ? "[hidden]" : text).append('\n');
    }
    return out.toString();
  }

  /** Whole milliseconds, at least 1 (0 would make an idle consumer spin), at most Kafka's int. */
  private static Duration fetchMaxWait(String raw) {
    Duration d = Values.positiveDuration(raw);
    if (d.getNano() % 1_000_000 != 0 || d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "must be whole milliseconds between 1ms and " + Integer.MAX_VALUE + "ms, was " + raw);
    }
    return d;
  }

  private static String startingOffsets(String raw) {
    String v = raw.strip();
    if (v.equals("earliest") || v.equals("latest") || v.startsWith("{")) {
      return v;
    }
    throw new IllegalArgumentException(
        "'" + raw + "' is not earliest, latest or a JSON object of offsets");
  }

  private static String httpUrlOrEmpty(String raw) {
    return raw.isBlank() ? "" : httpUrl(raw);
  }

  /** Grafana's uid and slug go into a URL path unencoded, so only URL-safe characters. */
  private static String dashboardPath(String raw) {
    String v = raw.strip();
    if (!v.matches("[A-Za-z0-9._~-]+/[A-Za-z0-9._~-]+")) {
      throw new IllegalArgumentException(
          "'" + raw + "' is not UID/SLUG of letters, digits, '-', '_', '.' or '~'");
    }
    return v;
  }

  private static String httpUrl(String raw) {
    String v = raw.strip();
    try {
      java.net.URI uri = new java.net.URI(v);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return v;
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a URL: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("'" + raw + "' is not an http:// or https:// URL");
  }
}
