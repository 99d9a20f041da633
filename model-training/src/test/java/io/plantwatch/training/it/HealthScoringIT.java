package io.plantwatch.training.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.it.LocalSpark;
import io.plantwatch.analytics.it.Readings;
import io.plantwatch.analytics.it.ReferenceWindows;
import io.plantwatch.analytics.it.SinkServers;
import io.plantwatch.analytics.it.TestJobs;
import io.plantwatch.testsupport.KafkaCluster;
import io.plantwatch.training.rul.CmapssData;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import io.plantwatch.training.rul.Recipe;
import io.plantwatch.training.rul.RulPoints;
import io.plantwatch.training.rul.RulTraining;
import io.plantwatch.training.rul.UnitRange;
import io.plantwatch.training.rul.ValidationProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on a few C-MAPSS units is loaded by the streaming job; other units' cycles flow
 * through Kafka as the gateway's replay sends them (one reading per metric per cycle, one cycle a
 * minute of event time, values in canonical units), and every {@code machine_health} point equals
 * offline scoring of the same rows.
 */
class HealthScoringIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();

  static final Path TRAIN = Path.of("../testdata/cmapss/train_FD001.txt");
  static final long T0 = Instant.parse("2024-06-03T00:00:00Z").toEpochMilli();
  static final long CYCLE = 60_000;
  static final int CYCLES = 60;

  @TempDir Path modelDir;

  @Test
  void machineHealthPointsEqualOfflineScoringOfTheSameCycles() throws Exception {
    SparkSession spark = LocalSpark.session();
    RulTraining.train(
        spark,
        new RulTraining.Options(
            TRAIN,
            modelDir,
            // Small: the points must equal offline scoring, whatever the model's accuracy.
            UnitRange.parse("1-6"),
            Recipe.shipped(30, 4, 7),
            0.9,
            new ValidationProtocol.Settings(1, 2, 2, 7)),
        null);
    HealthModel model = HealthModel.load(modelDir);

    TreeMap<Integer, Trajectory> data = CmapssData.read(TRAIN);
    List<ReferenceWindows.In> readings = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<double[]> vectors = new ArrayList<>();
    // Engine 11's first cycles (fresh) and engine 12's whole life (failing at its last cycle).
    for (int unit : List.of(11, 12)) {
      List<Map<String, Double>> all = data.get(unit).cycles();
      Trajectory prefix = new Trajectory(unit, unit == 11 ? all.subList(0, CYCLES) : all);
      List<double[]> features = RulPoints.walk(prefix, model.features());
      for (int c = 1; c <= prefix.cycles().size(); c++) {
        long ts = T0 + (c - 1) * CYCLE;
        for (Map.Entry<String, Double> m : prefix.cycles().get(c - 1).entrySet()) {
          readings.add(
              new ReferenceWindows.In(
                  "e" + unit + "-" + c + "-" + m.getKey(),
                  "fleet",
                  "FD001",
                  "engine-" + unit,
                  m.getKey(),
                  m.getValue(),
                  ts));
        }
        keys.add("engine-" + unit + "@" + (ts + CYCLE));
        vectors.add(features.get(c - 1));
      }
    }
    Map<String, List<Double>> offline = new TreeMap<>();
    for (Row r :
        model
            .score(HealthModel.featureFrame(spark, model.features(), keys, vectors))
            .select("key", "rul_cycles", "rul_low", "rul_high")
            .collectAsList()) {
      offline.put(r.getString(0), List.of(r.getDouble(1), r.getDouble(2), r.getDouble(3)));
    }

    // Under target/, not a @TempDir: Spark's state maintenance can still write into the window
    // query's checkpoint for a moment after the job stops, which would fail the cleanup.
    Path checkpoint = Files.createTempDirectory(Path.of("target"), "health-it-checkpoint-");
    TestJobs.createTopics(kafka, sink, "health");
    Map<String, String> settings = TestJobs.settings(kafka, sink, "health", checkpoint);
    settings.put("plantwatch.health.model", modelDir.toString());
    settings.put("plantwatch.health.cycle", "1m");
    Path rules = checkpoint.resolveSibling(checkpoint.getFileName() + "-rules.yaml");
    Files.writeString(
        rules,
        """
        version: 1
        rules:
          - name: life-short
            type: predicted_life
            field: rul_cycles
            below: 40
            clear_above: 60
            hours_per_cycle: 1.5
            severity: warning
        """);
    kafka.createTopic("health.alerts", 1);
    settings.put("plantwatch.alerts.rules", rules.toString());
    settings.put("plantwatch.alerts.topic", "health.alerts");
    settings.put("plantwatch.alerts.watermark", "10m");
    settings.put("plantwatch.alerts.outbox", checkpoint.resolve("outbox").toString());
    settings.put("plantwatch.alerts.gatewayStatusTopic", "");
    try (RunningJob job = AnalyticsJob.start(spark, TestJobs.config(settings))) {
      Readings.sendPlain(kafka, "health.readings", readings);
      job.processAllAvailable();
      // A later reading of another machine moves the watermark past the engines' last cycle.
      Readings.sendPlain(
          kafka,
          "health.readings",
          List.of(
              new ReferenceWindows.In(
                  "flush", "fleet", "FD001", "other", "T24", 1, T0 + 300 * CYCLE)));
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> streamed(model.manifest().name()).size() >= offline.size());
    }

    Map<String, List<Double>> streamed = streamed(model.manifest().name());
    assertThat(streamed).hasSize(CYCLES + data.get(12).cycles().size());
    assertThat(streamed).isEqualTo(offline);

    // The predicted_life rule fired for the failing engine whenever its offline score fell below
    // 40 after being clear (at or above 60, or never fired), and never for the fresh one.
    List<String> expectedFirings = new ArrayList<>();
    boolean fired = false;
    for (long t = T0 + CYCLE; offline.containsKey("engine-12@" + t); t += CYCLE) {
      double rul = offline.get("engine-12@" + t).get(0);
      if (!fired && rul < 40) {
        expectedFirings.add("engine-12@" + t);
        fired = true;
      } else if (fired && rul >= 60) {
        fired = false;
      }
    }
    assertThat(expectedFirings).as("the failing engine's scores fall below 40").isNotEmpty();
    List<String> firing = new ArrayList<>();
    for (var rec : kafka.consume("health.alerts", Integer.MAX_VALUE, Duration.ofSeconds(3))) {
      JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rec.value());
      if (n.get("state").asText().equals("FIRING")) {
        firing.add(n.get("machine").asText() + "@" + n.get("at").asLong());
        assertThat(n.get("message").asText()).contains("cycles (about");
      }
    }
    assertThat(firing).containsExactlyElementsOf(expectedFirings);
  }

  /** The points of machine_health in influxd (exact float64s), keyed by machine and time. */
  private static Map<String, List<Double>> streamed(String modelName) throws Exception {
    JsonNode r =
        sink.query(
            "health",
            "SELECT \"rul_cycles\",\"rul_low\",\"rul_high\" FROM \"machine_health\" GROUP BY *");
    Map<String, List<Double>> out = new TreeMap<>();
    for (JsonNode series : r.path("results").path(0).path("series")) {
      JsonNode tags = series.get("tags");
      assertThat(tags.get("model").asText()).isEqualTo(modelName);
      assertThat(tags.get("site").asText()).isEqualTo("fleet");
      assertThat(tags.get("line").asText()).isEqualTo("FD001");
      for (JsonNode v : series.get("values")) {
        out.put(
            tags.get("machine").asText() + "@" + v.get(0).asLong(),
            List.of(v.get(1).asDouble(), v.get(2).asDouble(), v.get(3).asDouble()));
      }
    }
    return out;
  }
}
