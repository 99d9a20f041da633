package io.plantwatch.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An InfluxDB 1.x server ({@code influxd}, Debian's {@code influxdb} package) started by {@code
 * bin/plantwatch run} as a child process, its data under the output folder so that it outlives the
 * run like the rest of the state. Bound to loopback only, without authentication: nothing beyond
 * this machine can reach it. Port 8086, the one the {@code influx} shell and Grafana expect, when
 * it is free; another free port otherwise.
 */
final class InfluxdProcess implements AutoCloseable {
  static final String DATABASE = "plantwatch";
  private static final int USUAL_PORT = 8086;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ChildServer process;
  private final int port;

  private InfluxdProcess(ChildServer process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The {@code influxd} binary, when installed. */
  static Optional<Path> binary() {
    return onPath("influxd");
  }

  private static Optional<Path> onPath(String name) {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin")));
    return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
  }

  static InfluxdProcess start(Path binary, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = free(USUAL_PORT) ? USUAL_PORT : anyFreePort();
    int rpcPort = anyFreePort();
    Path config = dir.resolve("influxdb.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "# written by bin/plantwatch run: data under this folder, loopback only",
            "reporting-disabled = true",
            "bind-address = \"127.0.0.1:" + rpcPort + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  query-log-enabled = false",
            "[http]",
            "  bind-address = \"127.0.0.1:" + port + "\"",
            "  log-enabled = false",
            "[monitor]",
            "  store-enabled = false",
            "[logging]",
            "  level = \"warn\"",
            ""));
    ChildServer process =
        ChildServer.start(
            new ProcessBuilder(binary.toString(), "-config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile())));
    InfluxdProcess influxd = new InfluxdProcess(process, port);
    try {
      influxd.awaitReady(Duration.ofSeconds(30));
      influxd.query("CREATE DATABASE \"" + DATABASE + "\"");
    } catch (IOException | InterruptedException | RuntimeException e) {
      influxd.close();
      throw e;
    }
    return influxd;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /**
   * The command that runs {@code influxQl} against the run's database: the {@code influx} shell
   * when installed (Debian: {@code influxdb-client}), else curl on the HTTP API.
   */
  String shellCommand(String influxQl) {
    if (onPath("influx").isEmpty()) {
      return "curl -sG "
          + url()
          + "/query --data-urlencode db="
          + DATABASE
          + " --data-urlencode 'q="
          + influxQl.replace("'", "'\\''")
          + "'   (or apt-get install influxdb-client for the influx shell)";
    }
    return "influx"
        + (port == USUAL_PORT ? "" : " -port " + port)
        + " -database "
        + DATABASE
        + " -execute '"
        + influxQl.replace("'", "'\\''")
        + "'";
  }

  /** Runs InfluxQL against the run's database; the answer's JSON. */
  String query(String influxQl) throws IOException, InterruptedException {
    String body =
        "q="
            + URLEncoder.encode(influxQl, StandardCharsets.UTF_8)
            + "&db="
            + DATABASE
            + "&epoch=ms";
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url() + "/query"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
      throw new IOException(
          "influxd answered " + r.statusCode() + " to '" + influxQl + "': " + r.body());
    }
    return r.body();
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("influxd exited with " + process.exitValue() + ": see influxd.log");
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/ping")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 204) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IOException("influxd did not answer /ping within " + timeout.toSeconds() + " s");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int anyFreePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** SIGTERM, then up to 15 s for influxd to flush its WAL; then SIGKILL. */
  @Override
  public void close() throws InterruptedException {
    process.stop(15);
  }
}
