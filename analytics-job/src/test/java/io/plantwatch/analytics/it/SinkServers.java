package io.plantwatch.analytics.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.VictoriaMetricsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
final class SinkServers implements BeforeAllCallback, AfterAllCallback {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final VictoriaMetricsServer vm = new VictoriaMetricsServer();
  final InfluxdServer influxd = new InfluxdServer();
  private HttpServer front;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vm.start();
    influxd.start();
    port = io.plantwatch.testsupport.FreePorts.next();
    startFront();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stopFront();
    vm.close();
    influxd.close();
  }

  /** The URL the job is given as {@code plantwatch.influx.url}. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  void createBucket(String bucket) throws IOException, InterruptedException {
    influxd.createDatabase(bucket);
  }

  synchronized void stop() throws Exception {
    stopFront();
    vm.stop();
    influxd.stop();
  }

  synchronized void start() throws Exception {
    vm.start();
    influxd.start();
    startFront();
  }

  /** Runs InfluxQL against influxd. */
  JsonNode query(String bucket, String influxQl) throws IOException, InterruptedException {
    return influxd.query(bucket, influxQl);
  }

  private void startFront() throws IOException {
    front = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    front.createContext("/api/v2/write", this::write);
    front.start();
  }

  private void stopFront() {
    if (front != null) {
      front.stop(0);
      front = null;
    }
  }

  private void write(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String precision = query.getOrDefault("precision", "ns");
      int status;
      String answer;
      try {
        HttpResponse<String> toVm =
            post(vm.baseUrl() + "/api/v2/write?" + exchange.getRequestURI().getRawQuery(), body);
        HttpResponse<String> toInfluxd =
            post(
                influxd.baseUrl()
                    + "/write?db="
                    + URLEncoder.encode(query.getOrDefault("bucket", ""), StandardCharsets.UTF_8)
                    + "&precision="
                    + precision,
                body);
        HttpResponse<String> failed = toVm.statusCode() / 100 != 2 ? toVm : toInfluxd;
        status = failed.statusCode() / 100 != 2 ? failed.statusCode() : 204;
        answer = failed.statusCode() / 100 != 2 ? failed.body() : "";
      } catch (IOException e) {
        status = 503;
        answer = "{\"code\":\"unavailable\",\"message\":\"" + e.getClass().getSimpleName() + "\"}";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
        answer = "{\"code\":\"unavailable\",\"message\":\"interrupted\"}";
      }
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out);
        }
      }
    }
  }

  private static HttpResponse<String> post(String url, byte[] body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Every window in influxd's bucket: one entry per point, keyed by tags and time. */
  Map<ReferenceWindows.Key, ReferenceWindows.Stats> influxdWindows(
      String bucket, String measurement) throws IOException, InterruptedException {
    JsonNode r =
        query(
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
