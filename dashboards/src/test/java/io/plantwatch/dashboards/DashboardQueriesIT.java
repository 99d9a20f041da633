package io.plantwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantwatch.analytics.influx.LineProtocol;
import io.plantwatch.analytics.influx.WindowPoints;
import io.plantwatch.testsupport.InfluxdServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every panel, annotation and variable query of the shipped dashboards, with the template
 * variables substituted as Grafana does, against a real InfluxQL engine (influxd) holding points
 * written in plantwatch's schema by the project's own point code.
 */
class DashboardQueriesIT {
  @RegisterExtension static final InfluxdServer influx = new InfluxdServer();
  private static final String DB = "plantwatch";
  private static final String SITE = "Werk Süd";
  private static final String LINE = "Linie 1, Halle=2";
  private static final String MACHINE = "Presse 7, \"α\"=groß";
  private static final List<String> METRICS =
      List.of("vibration", "temperature", "pressure", "current", "speed");

  @BeforeAll
  static void load() throws Exception {
    influx.createDatabase(DB);
    long now = System.currentTimeMillis() / 60_000 * 60_000;
    List<String> points = new ArrayList<>();
    for (String machine : List.of(MACHINE, "pump 2")) {
      for (String metric : METRICS) {
        for (int m = 30; m >= 0; m--) {
          long end = now - m * 60_000L;
          for (String window : List.of("5m/1m", "1m/1m")) {
            points.add(
                WindowPoints.lineProtocol(
                    "machine_window_stats",
                    SITE,
                    LINE,
                    machine,
                    metric,
                    window,
                    3.0 + m,
                    4.0 + m,
                    2.0,
                    60,
                    end));
          }
        }
      }
    }
    points.add(
        alert(
            MACHINE,
            "vibration-iso10816-zone-d",
            "critical",
            "FIRING",
            7.4,
            7.1,
            "vibration 7.4 mm/s above 7.1",
            now - 120_000));
    points.add(
        alert(
            "pump 2",
            "temperature-high",
            "warning",
            "RESOLVED",
            68,
            85,
            "back to normal",
            now - 60_000));
    points.add(
        alert("pump 2", "silence", "warning", "STALE", 0, 0, "no data for 10 min", now - 30_000));
    Map<String, String> health =
        new TreeMap<>(Map.of("site", SITE, "line", LINE, "machine", MACHINE, "model", "gbt-v1"));
    points.add(
        LineProtocol.point(
            "machine_health",
            health,
            fields("rul_cycles", 42.0, "rul_low", 30.0, "rul_high", 55.0),
            now - 60_000));
    influx.write(DB, String.join("\n", points) + "\n");
  }

  private static String alert(
      String machine,
      String rule,
      String severity,
      String state,
      double value,
      double threshold,
      String message,
      long ts) {
    Map<String, String> tags =
        new TreeMap<>(
            Map.of(
                "site",
                SITE,
                "line",
                LINE,
                "machine",
                machine,
                "rule",
                rule,
                "severity",
                severity));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("state", state);
    f.put("value", value);
    f.put("threshold", threshold);
    f.put("message", message);
    f.put("forecast_minutes", 12.5);
    return LineProtocol.point("maintenance_alerts", tags, f, ts);
  }

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Grafana's substitution for the values a user would pick. */
  private static String substitute(String q) {
    return q.replace("$timeFilter", "time > now() - 2h")
        .replace("$__interval", "1m")
        .replace("$window", "5m/1m")
        .replace("$site", SITE)
        .replace("$line", LINE)
        .replace("$machine", MACHINE)
        .replace("$metric", "vibration");
  }

  private static JsonNode run(String influxQl) throws Exception {
    return influx.query(DB, substitute(influxQl)).path("results").path(0);
  }

  @Test
  void everyPanelAndAnnotationQueryReturnsData() throws Exception {
    int checked = 0;
    for (JsonNode d : Dashboards.all()) {
      for (Dashboards.Query q : Dashboards.queries(d)) {
        JsonNode series = run(q.influxQl()).path("series");
        assertThat(series.size())
            .as("%s returns data: %s", q.where(), substitute(q.influxQl()))
            .isPositive();
        assertThat(series.get(0).path("values").size()).as(q.where()).isPositive();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(13);
  }

  @Test
  void variablesListTheHostileNamesIntact() throws Exception {
    for (JsonNode d : Dashboards.all()) {
      for (Dashboards.Query q : Dashboards.variableQueries(d)) {
        List<String> values = new ArrayList<>();
        run(q.influxQl())
            .path("series")
            .path(0)
            .path("values")
            .forEach(v -> values.add(v.get(1).asText()));
        assertThat(values).as(q.where()).isNotEmpty();
        if (q.where().endsWith("$machine")) {
          assertThat(values).containsExactlyInAnyOrder(MACHINE, "pump 2");
        }
        if (q.where().endsWith("$line")) {
          assertThat(values).containsExactly(LINE);
        }
      }
    }
  }

  @Test
  void theFiringPanelListsOnlyAlertsThatAreFiring() throws Exception {
    JsonNode overview =
        Dashboards.all().stream()
            .filter(d -> d.get("uid").asText().equals("plantwatch-plant-overview"))
            .findFirst()
            .orElseThrow();
    Dashboards.Query firing =
        Dashboards.queries(overview).stream()
            .filter(q -> q.where().contains("Alerts firing now"))
            .findFirst()
            .orElseThrow();
    // The outer query has no GROUP BY: one table whose columns include the subquery's tags.
    JsonNode table = run(firing.influxQl()).path("series").get(0);
    List<String> columns = new ArrayList<>();
    table.get("columns").forEach(c -> columns.add(c.asText()));
    int machine = columns.indexOf("machine");
    int state = columns.indexOf("state");
    List<String> rows = new ArrayList<>();
    table
        .get("values")
        .forEach(v -> rows.add(v.get(machine).asText() + " " + v.get(state).asText()));
    assertThat(rows).containsExactly(MACHINE + " FIRING");
  }
}
