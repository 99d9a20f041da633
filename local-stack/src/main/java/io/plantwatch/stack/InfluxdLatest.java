package io.plantwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads the newest window of every machine and metric back from influxd, for the console view when
 * the job writes there: the same InfluxQL a Grafana panel would run, so what the console shows is
 * what is stored.
 */
final class InfluxdLatest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InfluxdLatest() {}

  static void refresh(InfluxdProcess influxd, String window, LatestWindows into)
      throws IOException, InterruptedException {
    String q =
        "SELECT last(\"avg\") AS \"avg\", last(\"count\") AS \"count\", last(\"max\") AS"
            + " \"max\" FROM"
            + " \"machine_window_stats\" WHERE \"window\" = '"
            + window.replace("'", "\\'")
            + "' GROUP BY \"machine\", \"metric\"";
    JsonNode answer = JSON.readTree(influxd.query(q));
    for (JsonNode series : answer.path("results").path(0).path("series")) {
      JsonNode tags = series.path("tags");
      for (JsonNode v : series.path("values")) {
        into.offer(
            tags.path("machine").asText(),
            tags.path("metric").asText(),
            v.get(0).asLong(),
            v.get(1).asDouble(),
            v.get(3).asDouble(),
            v.get(2).asLong());
      }
    }
  }
}
