package io.plantwatch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Kafka Connect worker in distributed mode in its own JVM ({@code ConnectDistributed}), with a
 * plugin zip unpacked onto its {@code plugin.path} exactly as an operator installs it, and its REST
 * API on a free loopback port. {@link #kill()} is {@code kill -9}; {@link #start()} afterwards
 * starts a worker with the same identity, which rejoins the group and gets its tasks back.
 */
public final class ConnectWorkerProcess extends ProcessServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<String> bootstrapServers;
  private final Path pluginZip;
  private final Map<String, String> overrides = new HashMap<>();
  private int restPort;
  private List<String> command;

  /**
   * @param bootstrapServers read at first start, so the broker may start later than this object
   * @param pluginZip the connector plugin as built (a zip with one top-level directory)
   */
  public ConnectWorkerProcess(Supplier<String> bootstrapServers, Path pluginZip) {
    this.bootstrapServers = bootstrapServers;
    this.pluginZip = pluginZip;
    // The settings docker/connect/connect-distributed.properties ships, for the same reasons.
    overrides.put("scheduled.rebalance.max.delay.ms", "10000");
    overrides.put("offset.flush.interval.ms", "5000");
  }

  /**
   * The plugin zip as the build leaves it in {@code ingest-connector/target}, seen from a sibling
   * module's directory (where Maven runs its tests).
   */
  public static Path builtPlugin() throws IOException {
    try (java.util.stream.Stream<Path> files =
        Files.list(Path.of("..", "ingest-connector", "target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("plantwatch-ingest-connector-.*\\.zip"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "build the connector plugin first: mvn -pl ingest-connector package"));
    }
  }

  public ConnectWorkerProcess withProperty(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  @Override
  protected void doStart() throws Exception {
    if (server == null) {
      dir = TempDirs.create("connect-worker");
      restPort = FreePorts.next();
      Path plugins = dir.resolve("plugins");
      unzip(pluginZip, plugins);
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrapServers.get());
      p.put("group.id", "plantwatch-connect");
      p.put("config.storage.topic", "connect-configs");
      p.put("offset.storage.topic", "connect-offsets");
      p.put("status.storage.topic", "connect-status");
      p.put("config.storage.replication.factor", "1");
      p.put("offset.storage.replication.factor", "1");
      p.put("status.storage.replication.factor", "1");
      p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
      p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      p.put("value.converter.schemas.enable", "false");
      p.put("plugin.path", plugins.toString());
      p.put("listeners", "http://127.0.0.1:" + restPort);
      p.putAll(overrides);
      command =
          ChildJvm.onProperties(
              dir,
              "org.apache.kafka.connect.cli.ConnectDistributed",
              dir.resolve("worker.properties"),
              p);
      server = new NativeServer("connect worker", ChildJvm.java(), dir.resolve("worker.log"));
    }
    server.start(
        command, () -> Http.answers(restUrl() + "/connectors", 200), Duration.ofSeconds(120));
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  /** Creates or updates a connector over REST ({@code PUT /connectors/{name}/config}). */
  public void putConnector(String name, Map<String, String> config) throws Exception {
    Http.Response r =
        Http.put(
            restUrl() + "/connectors/" + name + "/config",
            JSON.writeValueAsString(config),
            "application/json");
    if (r.status() != 200 && r.status() != 201) {
      throw new IllegalStateException(
          "Connect refused connector " + name + ": " + r.status() + " " + r.body());
    }
  }

  /** Deletes a connector over REST; its tasks stop. */
  public void deleteConnector(String name) throws Exception {
    Http.Response r = Http.delete(restUrl() + "/connectors/" + name);
    if (r.status() != 204 && r.status() != 404) {
      throw new IllegalStateException("Connect refused to delete " + name + ": " + r.body());
    }
  }

  /** {@code GET /connectors/{name}/status}, or null while the worker does not know it. */
  public JsonNode status(String name) throws IOException, InterruptedException {
    Http.Response r = Http.get(restUrl() + "/connectors/" + name + "/status");
    return r.status() == 200 ? JSON.readTree(r.body()) : null;
  }

  /** Whether the connector and {@code tasks} tasks report RUNNING. */
  public boolean running(String name, int tasks) {
    try {
      JsonNode s = status(name);
      if (s == null || !"RUNNING".equals(s.path("connector").path("state").asText())) {
        return false;
      }
      int running = 0;
      for (JsonNode t : s.path("tasks")) {
        if ("RUNNING".equals(t.path("state").asText())) {
          running++;
        }
      }
      return running >= tasks;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    Files.createDirectories(into);
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("zip entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(z, target);
        }
      }
    }
  }
}
