package io.plantwatch.analytics.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.V2WriteFront;
import io.plantwatch.testsupport.VictoriaMetricsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The job's InfluxDB, as two real servers behind one v2 write endpoint: every {@code /api/v2/write}
 * request is passed unchanged to VictoriaMetrics' {@code /api/v2/write} (the real v2 write path)
 * and, as the same line-protocol body, to influxd 1.6's {@code /write?db=BUCKET} (a store with
 * InfluxDB's last-write-wins and exact float64s, which VictoriaMetrics lacks: it keeps every sample
 * and 12 significant digits). It answers 204 only when both took the points, else the first
 * failure's status, or 503 when a server cannot be reached. {@link #stop()} takes all three down,
 * so the job meets refused connections; {@link #start()} brings them back on the same ports with
 * their data.
 */
public final class SinkServers implements BeforeAllCallback, AfterAllCallback {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final VictoriaMetricsServer vm = new VictoriaMetricsServer();
  final InfluxdServer influxd = new InfluxdServer();
  private V2WriteFront front;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vm.start();
    influxd.start();
    front = new V2WriteFront(this::write);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    front.close();
    vm.close();
    influxd.close();
  }

  /** The URL the job is given as {@code plantwatch.influx.url}. */
  String url() {
    return front.url();
  }

  void createBucket(String bucket) throws IOException, InterruptedException {
    influxd.createDatabase(bucket);
  }

  synchronized void stop() throws Exception {
    front.stop();
    vm.stop();
    influxd.stop();
  }

  synchronized void start() throws Exception {
    vm.start();
    influxd.start();
    front.start();
  }

  /** Runs InfluxQL against influxd. */
  public JsonNode query(String bucket, String influxQl) throws IOException, InterruptedException {
    return influxd.query(bucket, influxQl);
  }

  /** Both stores must take the points; the first failure's answer is the writer's answer. */
  private V2WriteFront.Answer write(V2WriteFront.Write w) throws IOException, InterruptedException {
    HttpResponse<String> toVm =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(vm.baseUrl() + "/api/v2/write?" + w.rawQuery()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(w.body()))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    V2WriteFront.Answer toInfluxd = influxd.writeV1(w.bucket(), w.precision(), w.body());
    if (toVm.statusCode() / 100 != 2) {
      return new V2WriteFront.Answer(toVm.statusCode(), toVm.body());
    }
    return toInfluxd.status() / 100 != 2 ? toInfluxd : new V2WriteFront.Answer(204, "");
  }

  /** Every window in influxd's bucket: one entry per point, keyed by tags and time. */
  Map<ReferenceWindows.Key, ReferenceWindows.Stats> influxdWindows(
      String bucket, String measurement) throws IOException, InterruptedException {
    return influxdWindows(influxd, bucket, measurement);
  }

  /** Every window in an influxd database: one entry per point, keyed by tags and time. */
  static Map<ReferenceWindows.Key, ReferenceWindows.Stats> influxdWindows(
      InfluxdServer influxd, String bucket, String measurement)
      throws IOException, InterruptedException {
    JsonNode r =
        influxd.query(
            bucket,
            "SELECT \"avg\",\"max\",\"min\",\"count\" FROM \"" + measurement + "\" GROUP BY *");
    Map<ReferenceWindows.Key, ReferenceWindows.Stats> out = new TreeMap<>();
    for (JsonNode series : r.path("results").path(0).path("series")) {
      JsonNode tags = series.get("tags");
      for (JsonNode v : series.get("values")) {
        ReferenceWindows.Key key =
            new ReferenceWindows.Key(
                tags.get("site").asText(),
                tags.get("line").asText(),
                tags.get("machine").asText(),
                tags.get("metric").asText(),
                tags.get("window").asText(),
                v.get(0).asLong());
        ReferenceWindows.Stats stats =
            new ReferenceWindows.Stats(
                v.get(1).asDouble(), v.get(2).asDouble(), v.get(3).asDouble(), v.get(4).asLong());
        if (out.put(key, stats) != null) {
          throw new AssertionError("influxd returned two points for " + key);
        }
      }
    }
    return out;
  }

  /**
   * How many samples VictoriaMetrics holds per window for one field series ({@code
   * machine_window_stats_count}, …): more than one means the window was written more than once.
   */
  Map<ReferenceWindows.Key, Integer> vmSamples(String site, String field) throws Exception {
    Map<ReferenceWindows.Key, Integer> out = new TreeMap<>();
    for (VictoriaMetricsServer.Series s :
        vm.export("{__name__=\"machine_window_stats_" + field + "\"}")) {
      Map<String, String> l = s.labels();
      if (!site.equals(l.get("site"))) {
        continue;
      }
      for (long t : s.timestamps()) {
        out.merge(
            new ReferenceWindows.Key(
                l.get("site"),
                l.get("line"),
                l.get("machine"),
                l.get("metric"),
                l.get("window"),
                t),
            1,
            Integer::sum);
      }
    }
    return out;
  }
}
