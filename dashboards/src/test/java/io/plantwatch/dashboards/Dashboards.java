package io.plantwatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shipped dashboards and every InfluxQL query in them. */
final class Dashboards {
  static final Path DIR = Path.of("grafana", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One query: where it is and its text. */
  record Query(String where, String influxQl) {}

  private Dashboards() {}

  static List<JsonNode> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      List<JsonNode> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(JSON.readTree(f.toFile()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Query> queries(JsonNode dashboard) {
    List<Query> out = new ArrayList<>();
    String uid = dashboard.get("uid").asText();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode t : panel.path("targets")) {
        out.add(
            new Query(
                uid + " panel '" + panel.get("title").asText() + "' " + t.get("refId").asText(),
                t.get("query").asText()));
      }
    }
    for (JsonNode a : dashboard.path("annotations").path("list")) {
      if (a.has("query")) {
        out.add(
            new Query(
                uid + " annotation '" + a.get("name").asText() + "'", a.get("query").asText()));
      }
    }
    return out;
  }

  static List<Query> variableQueries(JsonNode dashboard) {
    List<Query> out = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if ("query".equals(v.path("type").asText())) {
        out.add(
            new Query(
                dashboard.get("uid").asText() + " variable $" + v.get("name").asText(),
                v.get("query").asText()));
      }
    }
    return out;
  }
}
