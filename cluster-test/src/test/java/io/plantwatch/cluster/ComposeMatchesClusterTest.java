package io.plantwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plantwatch.analytics.config.ConfigKey;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.testsupport.KafkaBrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compose stack (docker/docker-compose.yml, never started here: no Docker engine) deploys
 * plantwatch as the cluster test ran it ({@link ClusterDeployment}): the same spark-submit, the
 * same job settings, the same Connect worker file and connector, the same kind of brokers. Where
 * they differ on purpose, the difference is listed below with its reason; any other difference, or
 * a setting added to one side only, fails here.
 */
class ComposeMatchesClusterTest {
  private static final Path COMPOSE = Path.of("..", "docker", "docker-compose.yml");

  /** Job settings naming where things are: set on both sides, to each deployment's own. */
  private static final Set<String> ADDRESSES =
      Set.of(
          "plantwatch.kafka.bootstrap",
          "plantwatch.checkpoint",
          "plantwatch.influx.url",
          "plantwatch.alerts.smtp.host",
          "plantwatch.alerts.smtp.port",
          "plantwatch.alerts.outbox");

  /** Job settings that differ on purpose, and why. */
  private static final Map<String, String> JOB_DIFFERENCES =
      Map.ofEntries(
          Map.entry("plantwatch.windows", "the test publishes for two minutes: windows of seconds"),
          Map.entry(
              "plantwatch.watermark",
              "5 minutes of wall-clock event time: the health query scores the replayed engines"
                  + " within the run"),
          Map.entry("plantwatch.trigger", "1 s: recovery times measured to the second"),
          Map.entry(
              "plantwatch.stateStore.memoryMb", "executors of 512 MB on workers of 1 GB (2 cores)"),
          Map.entry(
              "plantwatch.influx.api",
              "the test writes influxd 1.6 through the v1 API; compose runs InfluxDB 2"),
          Map.entry("plantwatch.influx.database", "the v1 API's database (influx.api)"),
          Map.entry("plantwatch.influx.org", "InfluxDB 2's organisation (influx.api)"),
          Map.entry("plantwatch.influx.bucket", "InfluxDB 2's bucket (influx.api)"),
          Map.entry(
              "plantwatch.health.model",
              "compose ships no trained model (docs/health-model.md: train one, then set it)"),
          Map.entry(
              "plantwatch.alerts.rules",
              "the example rules, as in compose, plus a 5-second vibration rule the faults'"
                  + " periods trip"),
          Map.entry(
              "plantwatch.alerts.watermark",
              "2 minutes: longer than any fault holds a reading back"),
          Map.entry("plantwatch.alerts.staleAfter", "the mails compared are transitions only"),
          Map.entry(
              "plantwatch.alerts.flapping.maxTransitions",
              "every transition its own mail, as the reference counts them"),
          Map.entry(
              "plantwatch.alerts.mail.digestAbove",
              "every transition its own mail, as the reference counts them"),
          Map.entry(
              "plantwatch.alerts.smtp.initialBackoff",
              "a resubmitted driver's outbox retried within the run"),
          Map.entry(
              "plantwatch.alerts.grafanaUrl",
              "no Grafana in the test: mail links are not checked"));

  /** Spark settings that differ on purpose, and why. */
  private static final Map<String, String> SPARK_DIFFERENCES =
      Map.of(
          "spark.executor.cores", "two workers of one core each: 2 cores in all",
          "spark.cores.max", "two workers of one core each: 2 cores in all",
          "spark.executor.memory", "512 MB executors on workers of 1 GB, to fit 2 cores' machine",
          "spark.driver.memory", "the test's driver JVM gets 768 MB (SparkProcess.driver)");

  /** Broker settings: what differs between one broker and three, and why. */
  private static final Map<String, String> BROKER_DIFFERENCES =
      Map.of(
          "offsets.topic.replication.factor", "compose has one broker, the cluster three",
          "transaction.state.log.replication.factor", "compose has one broker, the cluster three",
          "transaction.state.log.min.isr", "compose has one broker, the cluster three",
          "default.replication.factor", "compose has one broker, the cluster three",
          "min.insync.replicas", "compose has one broker, the cluster three",
          "num.partitions",
              "the cluster test creates its topics itself (4 partitions, 3 replicas) and"
                  + " disables auto-creation; compose's Connect creates them with 6",
          "auto.create.topics.enable", "as num.partitions");

  /** Broker settings naming where a node is and who it is. */
  private static final Set<String> BROKER_ADDRESSES =
      Set.of("node.id", "listeners", "advertised.listeners", "controller.quorum.voters");

  @Test
  void theJobIsSubmittedAsComposeSubmitsIt() throws Exception {
    Submit compose = Submit.parse(service("analytics-job").path("command"));
    ClusterDeployment.Endpoints any =
        new ClusterDeployment.Endpoints(
            "spark://m:7077", "k:9092", "http://i:8086", "s", 25, Path.of("/x"));
    Map<String, String> options = ClusterDeployment.sparkOptions("spark://m:7077");
    assertThat(compose.options().get("--deploy-mode")).isEqualTo(options.get("--deploy-mode"));
    assertThat(compose.options().get("--class")).isEqualTo(options.get("--class"));
    assertThat(compose.options()).containsKey("--master");

    assertAlike(
        "spark setting",
        compose.sparkConf(),
        ClusterDeployment.sparkConf(),
        Map.of(),
        Set.of(),
        SPARK_DIFFERENCES);
    Map<String, String> defaults = new LinkedHashMap<>();
    for (ConfigKey<?> k : JobConfig.KEYS) {
      if (k.defaultValue() != null) {
        defaults.put(k.name(), k.defaultValue());
      }
    }
    assertThat(compose.jobSettings()).containsKeys(ADDRESSES.toArray(String[]::new));
    assertThat(ClusterDeployment.jobSettings(any)).containsKeys(ADDRESSES.toArray(String[]::new));
    assertAlike(
        "job setting",
        compose.jobSettings(),
        ClusterDeployment.jobSettings(any),
        defaults,
        ADDRESSES,
        JOB_DIFFERENCES);
    // Both run the shipped example rules.
    assertThat(compose.jobSettings().get("plantwatch.alerts.rules")).isEqualTo("example");
    assertThat(ClusterDeployment.RULES).startsWith(ClusterDeployment.EXAMPLE_RULES);
  }

  @Test
  void theConnectWorkersRunTheShippedWorkerFileAndConnector() throws Exception {
    JsonNode connect = service("connect");
    assertThat(connect.path("build").path("dockerfile").asText())
        .isEqualTo("docker/connect/Dockerfile");
    String dockerfile = Files.readString(Path.of("..", "docker", "connect", "Dockerfile"));
    assertThat(dockerfile)
        .contains(
            "COPY docker/connect/connect-distributed.properties"
                + " /opt/plantwatch/connect-distributed.properties")
        .contains("connect-distributed.sh\", \"/opt/plantwatch/connect-distributed.properties\"");

    Properties shipped = ClusterDeployment.shippedWorkerFile();
    Map<String, String> cluster = ClusterDeployment.connectWorker();
    for (String k : shipped.stringPropertyNames()) {
      if (ClusterDeployment.PER_WORKER.contains(k)) {
        assertThat(cluster).doesNotContainKey(k);
      } else if (k.endsWith(".replication.factor")) {
        assertThat(shipped.getProperty(k)).as("compose's single broker: %s", k).isEqualTo("1");
        assertThat(cluster.get(k)).as(k).isEqualTo(Integer.toString(ClusterDeployment.BROKERS));
      } else {
        assertThat(cluster.get(k)).as(k).isEqualTo(shipped.getProperty(k));
      }
    }
    assertThat(cluster.keySet()).isSubsetOf(shipped.stringPropertyNames());

    Map<String, String> connector = ClusterDeployment.connector("tcp://u:1883");
    Map<String, String> registered = ClusterDeployment.shippedConnector();
    assertThat(registered.get("tasks.max"))
        .isEqualTo(Integer.toString(ClusterDeployment.CONNECTOR_TASKS));
    Set<String> differing = new TreeSet<>();
    for (String k : new TreeSet<>(connector.keySet())) {
      if (!connector.get(k).equals(registered.get(k))) {
        differing.add(k);
      }
    }
    assertThat(differing)
        .as("connector settings the cluster sets apart from the registered ones")
        .isSubsetOf(
            io.plantwatch.ingest.MqttSourceConfig.BROKER_URI_CONFIG,
            io.plantwatch.ingest.MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG);
    assertThat(connector.keySet()).containsAll(registered.keySet());
  }

  @Test
  void theBrokersRunAsComposeRunsItsBroker() throws Exception {
    Map<String, String> compose = new LinkedHashMap<>();
    service("kafka")
        .path("environment")
        .fields()
        .forEachRemaining(
            e ->
                compose.put(
                    e.getKey()
                        .substring("KAFKA_".length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.'),
                    e.getValue().asText()));
    Map<String, String> cluster = new LinkedHashMap<>();
    Properties p = KafkaBrokerProcess.settings(ClusterDeployment.BROKERS);
    p.stringPropertyNames().forEach(k -> cluster.put(k, p.getProperty(k)));
    // A JVM option, not a broker setting (the cluster's brokers get theirs as child JVMs).
    compose.remove("heap.opts");
    // The same roles on the same listener names, in any order.
    assertThat(set(compose.get("listener.security.protocol.map")))
        .isEqualTo(set(cluster.get("listener.security.protocol.map")));
    compose.put("listener.security.protocol.map", cluster.get("listener.security.protocol.map"));
    // Compose's one listener name for brokers is Kafka's default inter-broker listener.
    assertThat(compose.get("listeners")).startsWith(cluster.get("inter.broker.listener.name"));
    // Kafka's defaults for compose's broker; the test's brokers name them, or shorten startup.
    Set<String> clusterOnly =
        Set.of(
            "inter.broker.listener.name",
            "offsets.topic.num.partitions",
            "group.initial.rebalance.delay.ms");
    for (String k : clusterOnly) {
      cluster.remove(k);
    }
    assertAlike("broker setting", compose, cluster, Map.of(), BROKER_ADDRESSES, BROKER_DIFFERENCES);
    assertThat(cluster.get("min.insync.replicas")).isEqualTo("2");
    assertThat(cluster.get("default.replication.factor"))
        .isEqualTo(Integer.toString(ClusterDeployment.BROKERS));
  }

  /**
   * Every setting either side sets is set alike on both (a side that leaves it out runs the
   * default), unless it names an address or differs for the listed reason.
   */
  private static void assertAlike(
      String what,
      Map<String, String> compose,
      Map<String, String> cluster,
      Map<String, String> defaults,
      Set<String> addresses,
      Map<String, String> differences) {
    Set<String> keys = new TreeSet<>(compose.keySet());
    keys.addAll(cluster.keySet());
    for (String k : keys) {
      if (!addresses.contains(k) && !differences.containsKey(k)) {
        assertThat(cluster.getOrDefault(k, defaults.get(k)))
            .as("the %s %s: cluster against compose (or a difference to explain here)", what, k)
            .isEqualTo(compose.getOrDefault(k, defaults.get(k)));
      }
    }
    // A listed difference or address no side sets any more is stale.
    Set<String> listed = new HashSet<>(differences.keySet());
    listed.addAll(addresses);
    listed.removeIf(keys::contains);
    assertThat(listed).as("listed %ss neither side sets", what).isEmpty();
  }

  private static Set<String> set(String commaSeparated) {
    return new TreeSet<>(Arrays.asList(commaSeparated.split(",")));
  }

  private static JsonNode service(String name) throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readTree(COMPOSE.toFile())
        .path("services")
        .path(name);
  }

  /**
   * A spark-submit command: its options, Spark's {@code --conf}s before the jar, the job's after.
   */
  private record Submit(
      Map<String, String> options, Map<String, String> sparkConf, Map<String, String> jobSettings) {
    static Submit parse(JsonNode command) {
      Map<String, String> options = new LinkedHashMap<>();
      Map<String, String> spark = new LinkedHashMap<>();
      Map<String, String> job = new LinkedHashMap<>();
      boolean afterJar = false;
      List<String> args = new java.util.ArrayList<>();
      command.forEach(c -> args.add(c.asText()));
      for (String a : args.subList(1, args.size())) {
        if (!a.startsWith("--")) {
          afterJar = true;
          continue;
        }
        int eq = a.indexOf('=');
        String name = a.substring(0, eq);
        String value = a.substring(eq + 1);
        if (name.equals("--conf")) {
          int kv = value.indexOf('=');
          (afterJar ? job : spark).put(value.substring(0, kv), value.substring(kv + 1));
        } else if (name.equals("--executor-memory") || name.equals("--driver-memory")) {
          // spark-submit's shorthands for these two settings.
          spark.put("spark." + name.substring(2).replace('-', '.'), value);
        } else {
          options.put(name, value);
        }
      }
      return new Submit(options, spark, job);
    }
  }
}
