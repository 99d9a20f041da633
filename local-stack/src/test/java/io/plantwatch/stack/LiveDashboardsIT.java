package io.plantwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.training.rul.Recipe;
import io.plantwatch.training.rul.RulTraining;
import io.plantwatch.training.rul.UnitRange;
import io.plantwatch.training.rul.ValidationProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run with a real influxd (started by the stack, as {@code bin/plantwatch run} does when
 * influxd is installed): a replayed C-MAPSS fleet scored by a health model, then a simulated fleet
 * in real time, alert rules that fire and machines that go stale. Every query of both shipped
 * Grafana dashboards, its template variables filled in from the live data as Grafana would, returns
 * rows.
 */
class LiveDashboardsIT {
  private static final Path TRAIN = Path.of("..", "testdata", "cmapss", "train_FD001.txt");
  private static final Path DASHBOARDS = Path.of("..", "dashboards", "grafana", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @Test
  void everyDashboardQueryReturnsLiveRows() throws Exception {
    Path model = out.resolve("model");
    RulTraining.train(
        LocalSpark.session(),
        new RulTraining.Options(
            TRAIN,
            model,
            // Small: the dashboards need the model's outputs, not its accuracy.
            UnitRange.parse("1-6"),
            Recipe.shipped(30, 4, 7),
            0.9,
            new ValidationProtocol.Settings(1, 2, 2, 7)),
        null);
    Path rules = out.resolve("rules.yaml");
    Files.writeString(
        rules,
        String.join(
            "\n",
            "version: 1",
            "rules:",
            "  - {name: temperature-seen, type: threshold, metric: temperature, window: 1m/1m,"
                + " statistic: max, operator: '>', threshold: 0, for: 1, severity: warning}",
            "  - {name: t30-seen, type: threshold, metric: T30, window: 1m/1m, statistic: avg,"
                + " operator: '>', threshold: 0, for: 1, severity: warning}",
            ""));
    Map<String, String> job = new LinkedHashMap<>();
    job.put(JobConfig.ALERTS_RULES.name(), rules.toString());
    job.put(JobConfig.ALERTS_WATERMARK.name(), "10s");
    job.put(JobConfig.ALERTS_STALE_AFTER.name(), "20s");
    job.put(JobConfig.HEALTH_MODEL.name(), model.toString());
    StackSettings settings =
        StackSettings.in(out.resolve("run"))
            .influxd(true)
            .connectorTasks(1)
            .partitions(2)
            .windows("1m/1m,5m/1m", Duration.ofMinutes(1), Duration.ofSeconds(1))
            .jobConf(job)
            .build();
    try (LocalStack stack = LocalStack.start(settings)) {
      assertThat(stack.influxd()).as("the stack started influxd").isNotNull();
      // The replay's last cycle lands near now, where the simulated fleet then goes on, so one
      // watermark serves both; the engines fall silent when their replay ends and go stale.
      try (FleetRun engines =
          FleetRun.replay(new StackSettings.Replay(TRAIN, "11-12", 100), stack.siteBrokerUri())) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!engines.finished() && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
        assertThat(engines.finished()).as("the replay ended").isTrue();
      }
      try (FleetRun machines =
          FleetRun.simulate(
              new StackSettings.Fleet(
                  3,
                  List.of("temperature", "vibration", "pressure", "current", "speed"),
                  1,
                  1000,
                  0,
                  null,
                  0,
                  0,
                  7,
                  out.resolve("sent.jsonl")),
              stack.siteBrokerUri())) {
        List<String> empty = List.of();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        do {
          Thread.sleep(2000);
          empty = emptyQueries(stack.influxd());
        } while (!empty.isEmpty() && System.nanoTime() < deadline);
        assertThat(empty).as("dashboard queries without rows").isEmpty();
      }
    }
  }

  /** Every panel and variable query of both dashboards that returns no row now. */
  private static List<String> emptyQueries(InfluxdProcess influxd) throws Exception {
    List<String> empty = new ArrayList<>();
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("$window", "5m/1m");
    vars.put(
        "$site", first(influxd, "SHOW TAG VALUES FROM \"machine_health\" WITH KEY = \"site\""));
    vars.put(
        "$line", first(influxd, "SHOW TAG VALUES FROM \"machine_health\" WITH KEY = \"line\""));
    vars.put(
        "$machine",
        first(influxd, "SHOW TAG VALUES FROM \"machine_health\" WITH KEY = \"machine\""));
    vars.put("$metric", "T30");
    vars.put("$timeFilter", "time > now() - 1d");
    vars.put("$__interval", "1m");
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(f.toFile());
        List<String[]> queries = new ArrayList<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
          if (v.has("query") && v.get("query").isTextual()) {
            queries.add(
                new String[] {"variable " + v.path("name").asText(), v.get("query").asText()});
          }
        }
        for (JsonNode panel : dashboard.path("panels")) {
          for (JsonNode t : panel.path("targets")) {
            queries.add(
                new String[] {
                  "panel '" + panel.path("title").asText() + "'", t.path("query").asText()
                });
          }
        }
        for (JsonNode a : dashboard.path("annotations").path("list")) {
          if (a.has("query")) {
            queries.add(
                new String[] {"annotation " + a.path("name").asText(), a.get("query").asText()});
          }
        }
        for (String[] q : queries) {
          String influxQl = q[1];
          for (Map.Entry<String, String> v : vars.entrySet()) {
            influxQl = influxQl.replace(v.getKey(), v.getValue() == null ? "" : v.getValue());
          }
          if (rows(influxd, influxQl) == 0) {
            empty.add(f.getFileName() + " " + q[0] + ": " + influxQl);
          }
        }
      }
    }
    return empty;
  }

  private static String first(InfluxdProcess influxd, String influxQl) throws Exception {
    JsonNode series = JSON.readTree(influxd.query(influxQl)).path("results").path(0).path("series");
    for (JsonNode s : series) {
      for (JsonNode v : s.path("values")) {
        return v.get(1).asText();
      }
    }
    return null;
  }

  private static int rows(InfluxdProcess influxd, String influxQl) throws Exception {
    int n = 0;
    for (JsonNode s :
        JSON.readTree(influxd.query(influxQl)).path("results").path(0).path("series")) {
      n += s.path("values").size();
    }
    return n;
  }
}
