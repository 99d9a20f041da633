package io.plantwatch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real InfluxQL engine: {@code influxd} 1.x (Debian package {@code influxdb}) with {@code /write}
 * and {@code /query}. It has last-write-wins on identical points, so it is where idempotent
 * overwrites and the dashboards' InfluxQL are tested. It has no {@code /api/v2/write}.
 */
public final class InfluxdServer extends ServerExtension {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private int port;
  private NativeServer server;
  private final String user;
  private final String password;

  /** influxd without authentication. */
  public InfluxdServer() {
    this(null, null);
  }

  /**
   * influxd with {@code auth-enabled}: {@code user} is created as its admin at start, and this
   * class's own queries and writes authenticate as it.
   */
  public InfluxdServer(String user, String password) {
    this.user = user;
    this.password = password;
  }

  @Override
  protected void doStart() throws Exception {
    if (server == null) {
      dir = TempDirs.create("influxd");
      port = FreePorts.next();
      int rpcPort = FreePorts.next();
      server = new NativeServer("influxd", "influxdb", dir.resolve("influxd.log"));
      Files.writeString(
          dir.resolve("influxdb.conf"),
          String.join(
              "\n",
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
              // Every request and its status, to a file of its own: a test that finds points
              // missing can say which writes influxd answered, and how.
              "  log-enabled = true",
              "  access-log-path = \"" + dir.resolve("access.log") + "\"",
              "  auth-enabled = " + (user != null),
              "[monitor]",
              "  store-enabled = false",
              "[continuous_queries]",
              "  enabled = false",
              "[logging]",
              "  level = \"warn\"",
              ""));
    }
    server.start(
        List.of("-config", dir.resolve("influxdb.conf").toString()),
        () -> Http.answers(baseUrl() + "/ping", 204),
        Duration.ofSeconds(30));
    if (user != null && !adminCreated) {
      // The first user of an auth-enabled influxd may be created without credentials.
      String q =
          "CREATE USER \"" + user + "\" WITH PASSWORD '" + password + "' WITH ALL PRIVILEGES";
      Http.Response r =
          Http.post(baseUrl() + "/query", "q=" + Http.form(q), "application/x-www-form-urlencoded");
      if (r.status() != 200) {
        throw new IOException("creating the admin user answered " + r.status() + ": " + r.body());
      }
      adminCreated = true;
    }
  }

  private boolean adminCreated;

  /**
   * influxd's access log so far: one line per HTTP request with its method, path (the query
   * string's password replaced), status and size; for a failing test's message.
   */
  public String accessLog() {
    try {
      return Files.readString(dir.resolve("access.log")).replaceAll("([?&]p=)[^& ]*", "$1***");
    } catch (IOException e) {
      return "(no access log: " + e.getMessage() + ")";
    }
  }

  private String credentials() {
    return user == null ? "" : "&u=" + Http.form(user) + "&p=" + Http.form(password);
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

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public void createDatabase(String db) throws IOException, InterruptedException {
    query(null, "CREATE DATABASE \"" + db.replace("\"", "\\\"") + "\"");
  }

  /** Writes line protocol through the v1 endpoint, millisecond precision. */
  public void write(String db, String lines) throws IOException, InterruptedException {
    Http.Response r =
        Http.post(
            baseUrl() + "/write?db=" + Http.form(db) + "&precision=ms" + credentials(),
            lines,
            "text/plain; charset=utf-8");
    if (r.status() != 204) {
      throw new IOException("write answered " + r.status() + ": " + r.body());
    }
  }

  /**
   * Posts a line-protocol body to the v1 {@code /write} and returns influxd's answer as it is (used
   * by {@link V2WriteFront}); throws only when influxd cannot be reached.
   */
  public V2WriteFront.Answer writeV1(String db, String precision, byte[] body)
      throws IOException, InterruptedException {
    Http.Response r =
        Http.post(
            baseUrl()
                + "/write?db="
                + Http.form(db)
                + "&precision="
                + Http.form(precision)
                + credentials(),
            new String(body, java.nio.charset.StandardCharsets.UTF_8),
            "text/plain; charset=utf-8");
    return new V2WriteFront.Answer(r.status(), r.body());
  }

  /** Runs InfluxQL and returns the JSON answer; throws when the answer holds an error. */
  public JsonNode query(String db, String influxQl) throws IOException, InterruptedException {
    String body =
        "q=" + Http.form(influxQl) + (db == null ? "" : "&db=" + Http.form(db)) + "&epoch=ms";
    // influxd reads credentials from the URL (or a Basic header), never from a form body.
    String url = baseUrl() + "/query" + (user == null ? "" : "?" + credentials().substring(1));
    Http.Response r = Http.post(url, body, "application/x-www-form-urlencoded");
    JsonNode n = JSON.readTree(r.body());
    if (r.status() != 200 || n.has("error") || n.path("results").path(0).has("error")) {
      throw new IOException("query '" + influxQl + "' answered " + r.status() + ": " + r.body());
    }
    return n;
  }
}
