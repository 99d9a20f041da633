package io.plantwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.config.ConfigKey;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.devices.sim.SimulateCommand;
import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.ingest.MqttSourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The stack must say what the applications read: every name used in docker/ is checked against the
 * applications' own configuration declarations, not against a list kept by hand.
 */
class ComposeConsistencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The variable every JVM reads its options from before its command line's. */
  private static final String JVM_OPTIONS = "JAVA_TOOL_OPTIONS";

  @Test
  void everyJvmOfTheStackHasAnExplicitHeap() {
    // Our own images: the JVM's options from the environment.
    for (String service : List.of("gateway", "simulator", "view")) {
      assertThat(ComposeFile.env(service).get(JVM_OPTIONS))
          .as("%s's heap", service)
          .matches(".*-Xmx\\d+[mg]\\b.*");
    }
    // Kafka's scripts read KAFKA_HEAP_OPTS; without it a broker takes 1 GB and Connect up to 2 GB.
    for (String service : List.of("kafka", "connect")) {
      assertThat(ComposeFile.env(service).get("KAFKA_HEAP_OPTS"))
          .as("%s's heap", service)
          .matches(".*-Xmx\\d+[mg]\\b.*");
    }
    // Spark's daemons read SPARK_DAEMON_MEMORY; the driver and executors are sized by spark-submit.
    for (String service : List.of("spark-master", "spark-worker")) {
      assertThat(ComposeFile.env(service).get("SPARK_DAEMON_MEMORY"))
          .as("%s's heap", service)
          .matches("\\d+[mg]");
    }
    List<String> submit = ComposeFile.command("analytics-job");
    assertThat(submit).anyMatch(a -> a.matches("--driver-memory=\\d+[mg]"));
    assertThat(submit).anyMatch(a -> a.matches("--executor-memory=\\d+[mg]"));
    // The executors fit in what the worker offers.
    int executorMb =
        megabytes(
            submit.stream()
                .filter(a -> a.startsWith("--executor-memory="))
                .findFirst()
                .orElseThrow()
                .substring("--executor-memory=".length()));
    assertThat(megabytes(ComposeFile.env("spark-worker").get("SPARK_WORKER_MEMORY")))
        .isGreaterThanOrEqualTo(executorMb);
  }

  private static int megabytes(String size) {
    int n = Integer.parseInt(size.substring(0, size.length() - 1));
    return size.endsWith("g") ? n * 1024 : n;
  }

  @Test
  void gatewayEnvironmentVariablesAreSettingsTheGatewayReads() {
    Set<String> known = new java.util.HashSet<>(ConfigLoader.environmentNames().values());
    known.add(JVM_OPTIONS);
    Map<String, String> env = ComposeFile.env("gateway");
    assertThat(env.keySet())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(known).as("gateway reads %s", k).contains(k));
    // The health check and the published port use the port the gateway listens on.
    String port = env.get("PLANTWATCH_GATEWAY_HTTP_PORT");
    JsonNode gateway = ComposeFile.services().get("gateway");
    assertThat(gateway.get("ports").get(0).asText()).endsWith(":" + port);
    assertThat(gateway.get("healthcheck").get("test").get(1).asText()).contains("/" + port);
  }

  @Test
  void liveViewReadsItsEnvironmentAndHasATokenOnItsOpenBind() {
    Set<String> known =
        new java.util.HashSet<>(Set.of(io.plantwatch.view.ViewMain.TOKEN_ENV, JVM_OPTIONS));
    Matcher m =
        Pattern.compile("\\$\\{env:([A-Z_]+)")
            .matcher(
                new CommandLine(new io.plantwatch.view.ViewMain())
                        // The raw defaults, ${env:NAME:-…} as declared, not their values here.
                        .setInterpolateVariables(false)
                        .getCommandSpec()
                        .options()
                        .stream()
                        .map(o -> String.valueOf(o.defaultValue()))
                        .reduce("", String::concat));
    while (m.find()) {
      known.add(m.group(1));
    }
    Map<String, String> env = ComposeFile.env("view");
    assertThat(env.keySet())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(known).as("the view reads %s", k).contains(k));
    // Bound beyond loopback in its container: the view starts only with a token.
    assertThat(env.get("PLANTWATCH_VIEW_BIND")).isEqualTo("0.0.0.0");
    assertThat(env.get(io.plantwatch.view.ViewMain.TOKEN_ENV)).isNotBlank();
    JsonNode view = ComposeFile.services().get("view");
    assertThat(view.get("ports").get(0).asText()).endsWith(":" + env.get("PLANTWATCH_VIEW_PORT"));
    // It reads the job's outbox where the job writes it.
    assertThat(ComposeFile.command("analytics-job"))
        .contains("--conf=plantwatch.alerts.outbox=" + env.get("PLANTWATCH_MAIL_OUTBOX"));
  }

  @Test
  void simulatorFlagsExist() {
    Set<String> options =
        Set.copyOf(new CommandLine(new SimulateCommand()).getCommandSpec().optionsMap().keySet());
    List<String> cmd = ComposeFile.command("simulator");
    assertThat(cmd.get(0)).isEqualTo("simulate");
    for (String arg : cmd.subList(1, cmd.size())) {
      assertThat(options).as("simulate understands %s", arg).contains(arg.split("=", 2)[0]);
    }
  }

  @Test
  void connectorRegistrationUsesTheConnectorsKeysAndTheGatewaysTopics() throws Exception {
    JsonNode config = JSON.readTree(Path.of("connect", "plantwatch-ingest.json").toFile());
    Set<String> keys = MqttSourceConfig.CONFIG_DEF.names();
    config
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (k.startsWith("mqtt.") || k.startsWith("kafka.")) {
                assertThat(keys).as("the connector declares %s", k).contains(k);
              }
            });
    assertThat(config.get("connector.class").asText())
        .isEqualTo(io.plantwatch.ingest.MqttSourceConnector.class.getName());
    String prefix = GatewayConfig.defaults().uplink().topicPrefix();
    assertThat(config.get("mqtt.topics").asText()).isEqualTo(prefix + "/+/readings");
    assertThat(config.get("kafka.topic").asText()).isEqualTo(MqttSourceConfig.TOPIC_DEFAULT);
    // The connector reaches the uplink broker the gateway publishes to.
    assertThat(config.get("mqtt.broker.uri").asText())
        .isEqualTo(ComposeFile.env("gateway").get("PLANTWATCH_GATEWAY_UPLINK_BROKER_URI"));
  }

  @Test
  void theConnectorForwardsQuarantineRecordsAndAnswersTheGatewaysReceiptTopics() throws Exception {
    JsonNode config = JSON.readTree(Path.of("connect", "plantwatch-ingest.json").toFile());
    String prefix = GatewayConfig.defaults().uplink().topicPrefix();
    assertThat(config.get("mqtt.quarantine.topics").asText()).isEqualTo(prefix + "/+/rejected");
    assertThat(config.get("mqtt.receipts.topics").asText())
        .isEqualTo(io.plantwatch.telemetry.UplinkReceipt.topic(prefix, "+"));
    assertThat(config.get("kafka.rejected.topic").asText())
        .isEqualTo(MqttSourceConfig.REJECTED_TOPIC_DEFAULT);
  }

  @Test
  void theBrokersAndTheConnectWorkerUseTheRecommendedRecoverySettings() throws Exception {
    Map<String, String> mosquitto = settings(Path.of("mosquitto", "mosquitto.conf"), " ");
    assertThat(mosquitto)
        .containsEntry("persistence", "true")
        .containsEntry("autosave_interval", "60")
        .containsEntry("max_queued_messages", "100000")
        .containsEntry("max_inflight_messages", "1000");
    Map<String, String> worker =
        settings(Path.of("connect", "connect-distributed.properties"), "=");
    // 300 s by default: five minutes with lost tasks unassigned after a broker or worker loss.
    assertThat(Long.parseLong(worker.get("scheduled.rebalance.max.delay.ms"))).isLessThan(30_000);
    assertThat(worker).containsEntry("producer.acks", "all");
  }

  private static Map<String, String> settings(Path file, String separator) throws Exception {
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || !l.contains(separator)) {
        continue;
      }
      int i = l.indexOf(separator);
      out.put(l.substring(0, i).strip(), l.substring(i + 1).strip());
    }
    return out;
  }

  @Test
  void analyticsJobSettingsAreKeysTheJobDeclaresAndReadTheConnectorsTopic() throws Exception {
    Map<String, String> confs = new java.util.HashMap<>();
    for (String arg : ComposeFile.command("analytics-job")) {
      if (arg.startsWith("--conf=plantwatch.")) {
        String kv = arg.substring("--conf=".length());
        confs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    List<String> names = new ArrayList<>();
    for (ConfigKey<?> k : JobConfig.KEYS) {
      names.add(k.name());
    }
    assertThat(confs.keySet())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(names).as("the job declares %s", k).contains(k));
    JsonNode connector = JSON.readTree(Path.of("connect", "plantwatch-ingest.json").toFile());
    assertThat(confs.get(JobConfig.KAFKA_TOPIC.name()))
        .isEqualTo(connector.get("kafka.topic").asText());
    assertThat(confs.get(JobConfig.REJECTED_TOPIC.name()))
        .isEqualTo(connector.get("kafka.rejected.topic").asText());
    // The job parses what the connector's converter writes.
    String converter = connector.get("value.converter").asText();
    String format = confs.get(JobConfig.READINGS_FORMAT.name());
    assertThat(format).as("the job names its readings format").isNotNull();
    assertThat(converter)
        .isEqualTo(
            format.equals("avro")
                ? io.plantwatch.ingest.records.ReadingAvroConverter.class.getName()
                : "org.apache.kafka.connect.json.JsonConverter");
    assertThat(ComposeFile.env("analytics-job"))
        .containsKey(JobConfig.INFLUX_TOKEN.environmentVariable());
    assertThat(JobConfig.INFLUX_TOKEN.environmentVariable()).isEqualTo("PLANTWATCH_INFLUX_TOKEN");
  }

  @Test
  void grafanaGetsEveryVariableItsDataSourceUses() throws Exception {
    String datasource =
        Files.readString(
            Path.of(
                "..", "dashboards", "grafana", "provisioning", "datasources", "plantwatch.yaml"));
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(datasource);
    Map<String, String> env = ComposeFile.env("grafana");
    int found = 0;
    while (m.find()) {
      assertThat(env).as("grafana's environment sets %s", m.group(1)).containsKey(m.group(1));
      found++;
    }
    assertThat(found).isEqualTo(3);
    assertThat(env.get("PLANTWATCH_INFLUX_DATABASE"))
        .isEqualTo(ComposeFile.env("influxdb").get("PLANTWATCH_INFLUX_DATABASE"));
  }

  @Test
  void imagesAreBuiltFromTheArtifactsMavenProduces() throws Exception {
    String connect = Files.readString(Path.of("connect", "Dockerfile"));
    assertThat(connect)
        .contains("ingest-connector/target/plantwatch-ingest-connector-${PLANTWATCH_VERSION}/");
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher version =
        Pattern.compile("<artifactId>plantwatch-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(version.find()).isTrue();
    assertThat(ComposeFile.dotEnv().getProperty("PLANTWATCH_VERSION")).isEqualTo(version.group(1));
    assertThat(Files.readString(Path.of("spark", "Dockerfile")))
        .contains("analytics-job/target/plantwatch-analytics-job.jar");
    // Every image compose builds from a module folder packages that module's application jar.
    List<String> built = new java.util.ArrayList<>();
    ComposeFile.services()
        .fields()
        .forEachRemaining(
            e -> {
              String context = e.getValue().path("build").path("context").asText("");
              if (context.startsWith("../")) {
                String module = context.substring(3);
                built.add(module);
                try {
                  assertThat(Files.readString(Path.of("..", module, "Dockerfile")))
                      .contains("target/plantwatch-" + module + ".jar");
                } catch (java.io.IOException ex) {
                  throw new java.io.UncheckedIOException(ex);
                }
                assertThat(e.getValue().path("image").asText())
                    .startsWith("plantwatch/" + module + ":");
              }
            });
    assertThat(built).contains("edge-gateway", "devices");
    for (String var :
        List.of(
            "MOSQUITTO_IMAGE",
            "KAFKA_IMAGE",
            "SPARK_IMAGE",
            "INFLUXDB_IMAGE",
            "GRAFANA_IMAGE",
            "MAILPIT_IMAGE")) {
      assertThat(ComposeFile.dotEnv().getProperty(var)).as(".env sets %s", var).isNotBlank();
    }
  }

  @Test
  void everyServiceHasAHealthCheckOrDependsOnHealthyServices() {
    ComposeFile.services()
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode s = e.getValue();
              boolean oneShot = s.has("restart") && s.get("restart").asText().equals("on-failure");
              assertThat(s.has("healthcheck") || oneShot)
                  .as("%s has a health check", e.getKey())
                  .isTrue();
              s.path("depends_on")
                  .fields()
                  .forEachRemaining(
                      d ->
                          assertThat(d.getValue().get("condition").asText())
                              .as("%s waits for %s", e.getKey(), d.getKey())
                              .isEqualTo("service_healthy"));
            });
  }
}
