package io.plantwatch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real server speaking the InfluxDB v2 write API: VictoriaMetrics (Debian package {@code
 * victoria-metrics}) accepts line protocol at {@code /api/v2/write}. Read back with {@link
 * #export(String)}.
 *
 * <p>Two behaviours to know (see docs/architecture.md): retention is set to 100 years here because
 * VictoriaMetrics silently drops points older than its retention; and it keeps every sample
 * written, so writing the same point twice shows up twice in an export (no last-write-wins). Each
 * line-protocol field becomes a series named {@code measurement_field}.
 */
public final class VictoriaMetricsServer extends ServerExtension {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private int port;
  private NativeServer server;

  @Override
  protected void doStart() throws Exception {
    if (server == null) {
      dir = TempDirs.create("victoria-metrics");
      port = FreePorts.next();
      server = new NativeServer("victoria-metrics", "victoria-metrics", dir.resolve("vm.log"));
    }
    server.start(
        List.of(
            "-httpListenAddr=127.0.0.1:" + port,
            "-storageDataPath=" + dir.resolve("data"),
            "-retentionPeriod=100y",
            "-search.latencyOffset=0s",
            "-loggerLevel=WARN"),
        () -> Http.answers(baseUrl() + "/health", 200),
        Duration.ofSeconds(30));
  }

  @Override
  protected void doStop() throws Exception {
    server.stop();
  }

  @Override
  protected void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  public int port() {
    return port;
  }

  /** The URL an InfluxDB v2 client is given: {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Posts line protocol to {@code /api/v2/write} with millisecond precision. */
  public void writeLineProtocol(String lines) throws IOException, InterruptedException {
    Http.Response r =
        Http.post(
            baseUrl() + "/api/v2/write?org=test&bucket=test&precision=ms",
            lines,
            "text/plain; charset=utf-8");
    if (r.status() / 100 != 2) {
      throw new IOException("write answered " + r.status() + ": " + r.body());
    }
  }

  /** One exported series: its labels and its samples in time order. */
  public record Series(Map<String, String> labels, List<Double> values, List<Long> timestamps) {
    public String name() {
      return labels.get("__name__");
    }
  }

  /**
   * Every series matching a Prometheus series selector, for example {@code
   * {__name__=~"machine_window_stats_.*"}}, after flushing what was just written.
   */
  public List<Series> export(String selector) throws IOException, InterruptedException {
    Http.get(baseUrl() + "/internal/force_flush");
    Http.Response r =
        Http.get(baseUrl() + "/api/v1/export?match[]=" + Http.form(selector) + "&start=0");
    if (r.status() != 200) {
      throw new IOException("export answered " + r.status() + ": " + r.body());
    }
    List<Series> out = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      Map<String, String> labels = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.get("metric").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        labels.put(e.getKey(), e.getValue().asText());
      }
      List<Double> values = new ArrayList<>();
      n.get("values").forEach(v -> values.add(v.asDouble()));
      List<Long> timestamps = new ArrayList<>();
      n.get("timestamps").forEach(v -> timestamps.add(v.asLong()));
      out.add(new Series(labels, values, timestamps));
    }
    return out;
  }
}
