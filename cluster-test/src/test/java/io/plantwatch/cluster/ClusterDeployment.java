package io.plantwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.alerts.rules.RulesFile;
import io.plantwatch.ingest.MqttSourceConfig;
import io.plantwatch.stack.Alerts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the cluster test deploys plantwatch, in one place: spark-submit's options and the job's
 * settings, the Connect workers' settings and the connector's registration, and the brokers'
 * settings ({@code KafkaBrokerProcess.settings}). {@link ClusterIT} runs with these; {@link
 * ComposeMatchesClusterTest} holds the compose stack's to them.
 */
final class ClusterDeployment {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String DB = "plantwatch";
  static final String JOB_CLASS = "io.plantwatch.analytics.AnalyticsJobMain";
  static final int BROKERS = 3;
  static final int CONNECTOR_TASKS = 2;

  /** Windows of seconds: the run publishes for two minutes. */
  static final String WINDOWS = "10s/5s,5s";

  /** Long enough for a reading held back by any of the faults. */
  static final Duration ALERT_WATERMARK = Duration.ofMinutes(2);

  /** The shipped example rules, as the job's jar holds them. */
  static final String EXAMPLE_RULES = exampleRules();

  /**
   * The shipped example rules, as the compose stack runs them, and the vibration-spike rule over 5s
   * windows, which the fleet's spikes trip within every fault's period.
   */
  static final String RULES = exampleRulesAnd(Alerts.vibrationSpikeRule("5s"));

  /** The worker file's settings each worker sets for itself: its addresses and plugin folder. */
  static final List<String> PER_WORKER = List.of("bootstrap.servers", "plugin.path", "listeners");

  private static final Path DOCKER = Path.of("..", "docker");

  private ClusterDeployment() {}

  /** Where one run's servers listen and where the job keeps its files. */
  record Endpoints(
      String masterUrl,
      String bootstrap,
      String influxUrl,
      String smtpHost,
      int smtpPort,
      Path dir) {}

  /** spark-submit's options before the job's jar, as analytics-job's README documents them. */
  static Map<String, String> sparkOptions(String masterUrl) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("--master", masterUrl);
    o.put("--deploy-mode", "client");
    o.put("--class", JOB_CLASS);
    return o;
  }

  /**
   * Spark's settings: two executors of one core and 512 MB on workers of one core and 1 GB, so the
   * cluster fits two cores; glibc's arenas capped as bin/plantwatch does.
   */
  static Map<String, String> sparkConf() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("spark.executor.memory", "512m");
    c.put("spark.executor.cores", "1");
    c.put("spark.cores.max", "2");
    c.put("spark.sql.shuffle.partitions", "4");
    c.put("spark.executorEnv.MALLOC_ARENA_MAX", "2");
    return c;
  }

  /** The job's settings (its {@code --conf} pairs after the jar). */
  static Map<String, String> jobSettings(Endpoints e) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("plantwatch.kafka.bootstrap", e.bootstrap());
    c.put("plantwatch.checkpoint", e.dir().resolve("checkpoint").toString());
    c.put("plantwatch.windows", WINDOWS);
    c.put("plantwatch.watermark", "5m");
    c.put("plantwatch.trigger", "1s");
    c.put("plantwatch.stateStore.memoryMb", "64");
    c.put("plantwatch.influx.url", e.influxUrl());
    c.put("plantwatch.influx.api", "v1");
    c.put("plantwatch.influx.database", DB);
    c.put("plantwatch.health.model", e.dir().resolve("model").toString());
    c.put("plantwatch.alerts.rules", e.dir().resolve("rules.yaml").toString());
    c.put("plantwatch.alerts.watermark", ALERT_WATERMARK.toMinutes() + "m");
    c.put("plantwatch.alerts.staleAfter", "1h");
    c.put("plantwatch.alerts.flapping.maxTransitions", "100000");
    c.put("plantwatch.alerts.mail.digestAbove", "100000");
    c.put("plantwatch.alerts.smtp.host", e.smtpHost());
    c.put("plantwatch.alerts.smtp.port", Integer.toString(e.smtpPort()));
    c.put("plantwatch.alerts.smtp.initialBackoff", "200ms");
    // The driver's outbox: a resubmitted driver finds the mails it had not sent yet.
    c.put("plantwatch.alerts.outbox", e.dir().resolve("outbox").toString());
    return c;
  }

  /** spark-submit's arguments; writes the rules file the job reads. */
  static List<String> submitArgs(Endpoints e, Path jobJar) throws IOException {
    Files.writeString(e.dir().resolve("rules.yaml"), RULES);
    List<String> args = new ArrayList<>();
    sparkOptions(e.masterUrl()).forEach((k, v) -> args.addAll(List.of(k, v)));
    sparkConf().forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.add(jobJar.toString());
    jobSettings(e).forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    return args;
  }

  /** The compose stack's Connect worker file, docker/connect/connect-distributed.properties. */
  static Properties shippedWorkerFile() throws IOException {
    Properties p = new Properties();
    try (var in =
        Files.newBufferedReader(DOCKER.resolve("connect/connect-distributed.properties"))) {
      p.load(in);
    }
    return p;
  }

  /**
   * Each Connect worker's settings besides its own addresses: the shipped file, its internal topics
   * replicated to all three brokers (the file's factor 1 fits compose's single broker). Among them
   * {@code scheduled.rebalance.max.delay.ms}: how long a lost worker's tasks wait for it before
   * they move to the other.
   */
  static Map<String, String> connectWorker() throws IOException {
    Properties p = shippedWorkerFile();
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream()
        .filter(k -> !PER_WORKER.contains(k))
        .sorted()
        .forEach(
            k ->
                out.put(
                    k,
                    k.endsWith(".replication.factor")
                        ? Integer.toString(BROKERS)
                        : p.getProperty(k)));
    return out;
  }

  /** The compose stack's connector registration, docker/connect/plantwatch-ingest.json. */
  static Map<String, String> shippedConnector() throws IOException {
    JsonNode shipped = JSON.readTree(DOCKER.resolve("connect/plantwatch-ingest.json").toFile());
    Map<String, String> c = new LinkedHashMap<>();
    shipped.fields().forEachRemaining(x -> c.put(x.getKey(), x.getValue().asText()));
    return c;
  }

  /** The connector as the compose stack registers it, on this run's uplink broker. */
  static Map<String, String> connector(String uplinkUri) throws IOException {
    Map<String, String> c = shippedConnector();
    c.put(MqttSourceConfig.BROKER_URI_CONFIG, uplinkUri);
    // 5 s instead of 30: a task whose connection a fault broke is back within the period the test
    // judges its recovery on.
    c.put(MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
    return c;
  }

  /** The shipped example rules with the rules of {@code rulesYaml} appended. */
  private static String exampleRulesAnd(String rulesYaml) {
    return EXAMPLE_RULES + "\n" + rulesYaml.substring(rulesYaml.indexOf("rules:\n") + 7);
  }

  private static String exampleRules() {
    try (var in = ClusterDeployment.class.getResourceAsStream(RulesFile.EXAMPLE_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
