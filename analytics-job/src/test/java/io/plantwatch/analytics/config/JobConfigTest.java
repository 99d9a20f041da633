package io.plantwatch.analytics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.analytics.windows.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  private static final Map<String, String> MINIMAL = Map.of("plantwatch.checkpoint", "/cp");

  @Test
  void defaultsApplyToEveryOptionalKey() {
    JobConfig c = JobConfig.from(MINIMAL);
    assertThat(c.get(JobConfig.KAFKA_BOOTSTRAP)).isEqualTo("localhost:9092");
    assertThat(c.get(JobConfig.KAFKA_TOPIC)).isEqualTo("telemetry.readings");
    assertThat(c.get(JobConfig.KAFKA_STARTING_OFFSETS)).isEqualTo("earliest");
    assertThat(c.get(JobConfig.KAFKA_MAX_OFFSETS_PER_TRIGGER)).isEqualTo(100_000L);
    assertThat(c.get(JobConfig.TRIGGER)).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.get(JobConfig.WATERMARK)).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.get(JobConfig.WINDOWS)).containsExactly(WindowSpec.parse("5m/1m"));
    assertThat(c.get(JobConfig.STATE_STORE)).isEqualTo(JobConfig.StateStore.ROCKSDB);
    assertThat(c.get(JobConfig.INFLUX_MEASUREMENT)).isEqualTo("machine_window_stats");
    assertThat(c.get(JobConfig.INFLUX_TOKEN)).isEmpty();
    assertThat(c.get(JobConfig.REJECTED_TOPIC)).isEqualTo("telemetry.rejected");
  }

  @Test
  void computedTopicsAndMailLinksHaveTheirDefaultsAndChecks() {
    JobConfig c = JobConfig.from(MINIMAL);
    assertThat(c.get(JobConfig.KAFKA_WINDOWS_TOPIC)).isEqualTo("telemetry.windows");
    assertThat(c.get(JobConfig.KAFKA_HEALTH_TOPIC)).isEqualTo("telemetry.health");
    assertThat(c.get(JobConfig.KAFKA_COMPUTED_HISTORY)).isEqualTo(Duration.ofHours(2));
    assertThat(c.get(JobConfig.MAIL_GRAFANA_URL)).isEmpty();
    assertThat(c.get(JobConfig.MAIL_VIEW_URL)).isEmpty();
    assertThat(c.get(JobConfig.MAIL_GRAFANA_DASHBOARD))
        .isEqualTo("plantwatch-machine-detail/plantwatch-machine-detail");
    assertThat(
            JobConfig.from(
                    Map.of("plantwatch.checkpoint", "/cp", "plantwatch.kafka.windowsTopic", " "))
                .get(JobConfig.KAFKA_WINDOWS_TOPIC))
        .as("blank turns the topic off")
        .isEmpty();
    assertThatThrownBy(
            () ->
                JobConfig.from(
                    Map.of(
                        "plantwatch.checkpoint", "/cp",
                        "plantwatch.alerts.viewUrl", "localhost:8090",
                        "plantwatch.alerts.grafanaDashboard", "uid with space/slug",
                        "plantwatch.alerts.early", "yes",
                        "plantwatch.kafka.computedHistory", "two hours")))
        .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.LIST)
        .containsExactly(
            "plantwatch.kafka.computedHistory: 'two hours' is not a duration like 500ms, 10s, 5m,"
                + " 1h or 1d (or ISO-8601: PT10S)",
            "plantwatch.alerts.early: 'yes' is not true or false",
            "plantwatch.alerts.grafanaDashboard: 'uid with space/slug' is not UID/SLUG of letters,"
                + " digits, '-', '_', '.' or '~'",
            "plantwatch.alerts.viewUrl: 'localhost:8090' is not an http:// or https:// URL");
    assertThat(
            new ConfigSources()
                .environment(Map.of("PLANTWATCH_KAFKA_WINDOWSTOPIC", ""))
                .overrides(Map.of("plantwatch.checkpoint", "/cp"))
                .resolve()
                .get(JobConfig.KAFKA_WINDOWS_TOPIC))
        .as("the environment turns it off like the others")
        .isEmpty();
  }

  @Test
  void theConsumersHandOutAWholeFetchByDefault() {
    assertThat(JobConfig.from(MINIMAL).get(JobConfig.KAFKA_MAX_POLL_RECORDS)).isEqualTo(20_000);
    Map<String, String> c = new java.util.HashMap<>(MINIMAL);
    c.put("plantwatch.kafka.maxPollRecords", "500");
    assertThat(JobConfig.from(c).get(JobConfig.KAFKA_MAX_POLL_RECORDS)).isEqualTo(500);
    for (String bad : new String[] {"0", "-1", "many", "2147483648"}) {
      c.put("plantwatch.kafka.maxPollRecords", bad);
      assertThatThrownBy(() -> JobConfig.from(c))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.LIST)
          .singleElement(InstanceOfAssertFactories.STRING)
          .startsWith("plantwatch.kafka.maxPollRecords: ");
    }
  }

  @Test
  void theConsumersFetchWaitIsShortByDefaultAndWholeMilliseconds() {
    assertThat(JobConfig.from(MINIMAL).get(JobConfig.KAFKA_FETCH_MAX_WAIT))
        .isEqualTo(Duration.ofMillis(50));
    Map<String, String> c = new java.util.HashMap<>(MINIMAL);
    c.put("plantwatch.kafka.fetchMaxWait", "500ms");
    assertThat(JobConfig.from(c).get(JobConfig.KAFKA_FETCH_MAX_WAIT))
        .isEqualTo(Duration.ofMillis(500));
    c.put("plantwatch.kafka.fetchMaxWait", "2147483647ms");
    assertThat(JobConfig.from(c).get(JobConfig.KAFKA_FETCH_MAX_WAIT).toMillis())
        .isEqualTo(Integer.MAX_VALUE);
    c.put("plantwatch.kafka.fetchMaxWait", "0s");
    assertThatThrownBy(() -> JobConfig.from(c))
        .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.LIST)
        .containsExactly("plantwatch.kafka.fetchMaxWait: must be longer than zero");
    for (String bad : new String[] {"PT0.0005S", "2147483648ms", "30d", "200000d"}) {
      c.put("plantwatch.kafka.fetchMaxWait", bad);
      assertThatThrownBy(() -> JobConfig.from(c))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.LIST)
          .containsExactly(
              "plantwatch.kafka.fetchMaxWait: must be whole milliseconds between 1ms and"
                  + " 2147483647ms, was "
                  + bad);
    }
  }

  @Test
  void rocksDbMemoryIsBoundedByDefaultAndZeroLiftsTheBound() {
    assertThat(JobConfig.from(MINIMAL).get(JobConfig.STATE_STORE_MEMORY)).isEqualTo(128);
    Map<String, String> unbounded = new java.util.HashMap<>(MINIMAL);
    unbounded.put("plantwatch.stateStore.memoryMb", "0");
    assertThat(JobConfig.from(unbounded).get(JobConfig.STATE_STORE_MEMORY)).isZero();
    unbounded.put("plantwatch.stateStore.memoryMb", "-5");
    assertThatThrownBy(() -> JobConfig.from(unbounded))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.LIST)
        .containsExactly(
            "plantwatch.stateStore.memoryMb: must be 0 or a positive whole number, was -5");
  }

  @Test
  void everyProblemIsReportedAtOnceNamingItsKey() {
    assertThatThrownBy(
            () ->
                JobConfig.from(
                    Map.of(
                        "plantwatch.windows", "5m/10m",
                        "plantwatch.watermark", "ten minutes",
                        "plantwatch.kafka.maxOffsetsPerTrigger", "0",
                        "plantwatch.influx.url", "influx:8086",
                        "plantwatch.kafka.topics", "x")))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.LIST)
        .containsExactly(
            "plantwatch.kafka.topics: unknown key (see the analytics-job README for the keys)",
            "plantwatch.kafka.maxOffsetsPerTrigger: must be positive, was 0",
            "plantwatch.checkpoint: is required (Checkpoint directory (a path or a Hadoop URI such"
                + " as hdfs:// or s3a://). Each query keeps its offsets and state under it; the job"
                + " resumes from it after a crash.)",
            "plantwatch.watermark: 'ten minutes' is not a duration like 500ms, 10s, 5m, 1h or 1d (or"
                + " ISO-8601: PT10S)",
            "plantwatch.windows: window slide 10m is longer than its length 5m: readings would fall"
                + " between windows",
            "plantwatch.influx.url: 'influx:8086' is not an http:// or https:// URL");
  }

  @Test
  void theTokenIsNeverShownInTheDescription() {
    JobConfig c =
        JobConfig.from(Map.of("plantwatch.checkpoint", "/cp", "plantwatch.influx.token", "s3cr3t"));
    assertThat(c.get(JobConfig.INFLUX_TOKEN)).isEqualTo("s3cr3t");
    assertThat(c.describe())
        .contains("plantwatch.influx.token=[hidden]\n")
        .contains("plantwatch.checkpoint=/cp\n")
        .doesNotContain("s3cr3t");
  }

  @Test
  void environmentVariablesAreTheKeyInUpperCaseWithUnderscores() {
    assertThat(JobConfig.INFLUX_TOKEN.environmentVariable()).isEqualTo("PLANTWATCH_INFLUX_TOKEN");
    assertThat(JobConfig.KAFKA_MAX_OFFSETS_PER_TRIGGER.environmentVariable())
        .isEqualTo("PLANTWATCH_KAFKA_MAXOFFSETSPERTRIGGER");
  }

  @Test
  void laterSourcesOverrideEarlierOnes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(
        file,
        "plantwatch.checkpoint=/from-file\nplantwatch.kafka.topic=file-topic\n"
            + "plantwatch.influx.org=file-org\nplantwatch.influx.bucket=file-bucket\n"
            + "plantwatch.watermark=1m\n");
    JobConfig c =
        new ConfigSources()
            .file(file)
            .environment(
                Map.of(
                    "PLANTWATCH_KAFKA_TOPIC", "env-topic",
                    "PLANTWATCH_INFLUX_ORG", "env-org",
                    "PLANTWATCH_INFLUX_BUCKET", "env-bucket",
                    "UNRELATED", "x"))
            .sparkConf(
                Map.of(
                    "spark.plantwatch.influx.org", "spark-org",
                    "spark.plantwatch.influx.bucket", "spark-bucket",
                    "spark.master", "local[2]"))
            .overrides(Map.of("plantwatch.influx.bucket", "cli-bucket"))
            .resolve();
    assertThat(c.get(JobConfig.CHECKPOINT)).isEqualTo("/from-file");
    assertThat(c.get(JobConfig.WATERMARK)).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.get(JobConfig.KAFKA_TOPIC)).isEqualTo("env-topic");
    assertThat(c.get(JobConfig.INFLUX_ORG)).isEqualTo("spark-org");
    assertThat(c.get(JobConfig.INFLUX_BUCKET)).isEqualTo("cli-bucket");
  }

  @Test
  void sparkConfAlsoTakesPlainPlantwatchKeysOverTheSparkPrefixedOnes() {
    JobConfig c =
        new ConfigSources()
            .sparkConf(
                Map.of(
                    "spark.plantwatch.checkpoint", "/spark-prefixed",
                    "plantwatch.checkpoint", "/plain"))
            .resolve();
    assertThat(c.get(JobConfig.CHECKPOINT)).isEqualTo("/plain");
  }

  @Test
  void overridesMustBePlantwatchKeys() {
    assertThatThrownBy(
            () -> new ConfigSources().overrides(Map.of("spark.sql.shuffle.partitions", "4")))
        .hasMessage(
            "spark.sql.shuffle.partitions: --conf takes plantwatch.* keys (Spark keys go to"
                + " spark-submit)");
  }

  @Test
  void aMissingConfigFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> new ConfigSources().file(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config file " + missing + ": ");
  }

  @Test
  void everyKeyIsDocumentedAndGrouped() {
    for (ConfigKey<?> key : JobConfig.KEYS) {
      assertThat(key.name()).startsWith(JobConfig.PREFIX);
      assertThat(key.doc()).as(key.name()).isNotBlank().endsWith(".");
      assertThat(key.group()).as(key.name()).isNotBlank();
      assertThat(key.isRequired() || key.defaultValue() != null).as(key.name()).isTrue();
    }
  }
}
