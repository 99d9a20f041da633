package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.health.Features;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelLoadException;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract 4b, health: with a model loaded (a small linear one fitted here, in the layout {@code
 * model train} writes; model-training's HealthScoringIT covers real models), every score the job
 * writes to {@code machine_health} is also a record of the health topic, keyed by the machine, with
 * the same figures, and the job created that topic compacted.
 */
@ExtendWith(StateStoresReleased.class)
class HealthTopicIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final InfluxdServer influxd = new InfluxdServer();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "healthtopic";
  private static final String TOPIC = "healthtopic.health";
  private static final String SITE = "Werk \"Süd\", Halle=3";
  private static final String LINE = "line 1 <b>";
  private static final List<String> MACHINES =
      List.of("engine-1", "<script>炉 \"1\", a=b</script> 🚀");
  private static final int CYCLES = 12;
  private static final long CYCLE = Scenario.MINUTE;

  @TempDir Path dir;

  /**
   * A job on {@code name}'s topics ({@code name.readings}, {@code name.rejected}), InfluxDB
   * database and checkpoint, scoring with the model in {@code modelDir}, no windows topic.
   */
  private Map<String, String> config(String name, Path modelDir) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(JobConfig.KAFKA_BOOTSTRAP.name(), kafka.bootstrapServers());
    c.put(JobConfig.KAFKA_TOPIC.name(), name + ".readings");
    c.put(JobConfig.REJECTED_TOPIC.name(), name + ".rejected");
    c.put(JobConfig.KAFKA_WINDOWS_TOPIC.name(), "");
    c.put(JobConfig.CHECKPOINT.name(), dir.resolve(name + "-checkpoint").toString());
    c.put(JobConfig.INFLUX_URL.name(), influxd.baseUrl());
    c.put(JobConfig.INFLUX_API.name(), "v1");
    c.put(JobConfig.INFLUX_DATABASE.name(), name);
    c.put(JobConfig.HEALTH_MODEL.name(), modelDir.toString());
    return c;
  }

  /**
   * A model whose manifest is fine but whose pipeline cannot be loaded: the pipeline loads beside
   * the windows query, so that query has started by then; the job still fails to start with the
   * model's error and leaves no query running.
   */
  @Test
  void aPipelineThatCannotBeLoadedStopsTheJobAndLeavesNoQueryRunning() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path good = dir.resolve("good");
    Files.createDirectories(good);
    tinyModel(spark, good);
    Path broken = dir.resolve("broken");
    Files.createDirectories(broken.resolve(HealthModel.PIPELINE));
    Files.copy(good.resolve(ModelManifest.FILE), broken.resolve(ModelManifest.FILE));
    Files.writeString(broken.resolve(HealthModel.PIPELINE).resolve("metadata"), "not a pipeline");
    kafka.createTopic("broken.readings", 1);
    kafka.createTopic("broken.rejected", 1);
    Map<String, String> c = config("broken", broken);
    c.put(JobConfig.KAFKA_HEALTH_TOPIC.name(), "");

    assertThatThrownBy(() -> AnalyticsJob.start(spark, JobConfig.from(c)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("health model " + broken.toAbsolutePath())
        .hasMessageContaining("is not an MLlib pipeline");
    assertThat(spark.streams().active()).as("queries left running").isEmpty();
  }

  @Test
  void everyHealthScoreIsAlsoARecordOfTheHealthTopic() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path modelDir = dir.resolve("model");
    Files.createDirectories(modelDir);
    String model = tinyModel(spark, modelDir);

    kafka.createTopic(NAME + ".readings", 2);
    kafka.createTopic(NAME + ".rejected", 1);
    influxd.createDatabase(NAME);
    Map<String, String> c = config(NAME, modelDir);
    c.put(JobConfig.KAFKA_HEALTH_TOPIC.name(), TOPIC);
    c.put(JobConfig.KAFKA_COMPUTED_HISTORY.name(), "30m");
    c.put(JobConfig.TRIGGER.name(), "500ms");
    c.put(JobConfig.WATERMARK.name(), "10m");
    c.put(JobConfig.HEALTH_CYCLE.name(), "1m");

    List<ReferenceWindows.In> readings = new ArrayList<>();
    for (int m = 0; m < MACHINES.size(); m++) {
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        readings.add(
            new ReferenceWindows.In(
                "h-" + m + "-" + cycle,
                SITE,
                LINE,
                MACHINES.get(m),
                "T24",
                640 + cycle / 4.0 + m,
                Scenario.T0 + cycle * CYCLE + 10 * Scenario.SECOND));
      }
    }
    try (RunningJob job = AnalyticsJob.start(spark, JobConfig.from(c))) {
      Readings.sendPlain(kafka, NAME + ".readings", readings);
      job.processAllAvailable();
      // A later reading of another machine moves the watermark past every cycle above.
      Readings.sendPlain(
          kafka,
          NAME + ".readings",
          List.of(
              new ReferenceWindows.In(
                  "flush", SITE, LINE, "other", "T24", 1, Scenario.T0 + 300 * CYCLE)));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> influxScores(model).size() >= MACHINES.size() * CYCLES);
      job.processAllAvailable();
    }

    Map<String, List<Double>> influx = influxScores(model);
    assertThat(influx).hasSize(MACHINES.size() * CYCLES);
    Map<String, List<Double>> published = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.consume(TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(3))) {
      JsonNode v = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
      assertThat(v.get("v").asInt()).isEqualTo(1);
      assertThat(v.get("model").asText()).isEqualTo(model);
      assertThat(v.get("site").asText()).isEqualTo(SITE);
      assertThat(v.get("line").asText()).isEqualTo(LINE);
      assertThat(JSON.readValue(r.key(), List.class))
          .containsExactly(SITE, LINE, v.get("machine").asText());
      published.put(
          v.get("machine").asText() + "@" + v.get("at").asLong(),
          List.of(v.get("rul").asDouble(), v.get("low").asDouble(), v.get("high").asDouble()));
    }
    assertThat(published).as("the health topic holds the machine_health points").isEqualTo(influx);

    try (Admin admin = admin()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("1800000");
    }
  }

  /**
   * A linear model over this version's features of sensor T24, saved as {@code model train} saves
   * one (an MLlib pipeline whose first stage assembles the features, and its manifest).
   */
  private static String tinyModel(SparkSession spark, Path modelDir) throws Exception {
    Features features = new Features(List.of("T24"), 3);
    List<String> names = features.names();
    StructType schema = new StructType();
    for (String n : names) {
      schema = schema.add(n, DataTypes.DoubleType);
    }
    schema = schema.add("label", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Object[] values = new Object[names.size() + 1];
      for (int j = 0; j < names.size(); j++) {
        values[j] = (double) ((i * 7 + j * 3) % 11);
      }
      values[names.size()] = 120.0 - 2.5 * i;
      rows.add(RowFactory.create(values));
    }
    Dataset<Row> training = spark.createDataFrame(rows, schema);
    PipelineModel pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler()
                      .setInputCols(names.toArray(String[]::new))
                      .setOutputCol("features"),
                  new LinearRegression().setMaxIter(5).setFeaturesCol("features")
                })
            .fit(training);
    pipeline.write().overwrite().save(modelDir.resolve(HealthModel.PIPELINE).toString());
    String name = "tiny-linear";
    new ModelManifest(
            ModelManifest.FORMAT,
            name,
            "linear",
            features.sensors(),
            features.horizon(),
            names,
            125,
            0.9,
            7.5,
            "synthetic",
            "00",
            Map.of(),
            Map.of(),
            Map.of(),
            0,
            spark.version(),
            features.smoothing(),
            Map.of(),
            Map.of(),
            List.of(),
            List.of())
        .write(modelDir);
    return name;
  }

  /** The points of machine_health in influxd, keyed by machine and time. */
  private static Map<String, List<Double>> influxScores(String model) throws Exception {
    JsonNode r =
        influxd.query(
            NAME,
            "SELECT \"rul_cycles\",\"rul_low\",\"rul_high\" FROM \"machine_health\" GROUP BY *");
    Map<String, List<Double>> out = new TreeMap<>();
    for (JsonNode series : r.path("results").path(0).path("series")) {
      JsonNode tags = series.get("tags");
      assertThat(tags.get("model").asText()).isEqualTo(model);
      for (JsonNode v : series.get("values")) {
        out.put(
            tags.get("machine").asText() + "@" + v.get(0).asLong(),
            List.of(v.get(1).asDouble(), v.get(2).asDouble(), v.get(3).asDouble()));
      }
    }
    return out;
  }

  private static Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(p);
  }
}
