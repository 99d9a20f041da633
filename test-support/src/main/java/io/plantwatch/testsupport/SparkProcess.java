package io.plantwatch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A process of a Spark standalone cluster, each its own JVM started from a {@link SparkHome}: the
 * Master, a Worker (which starts executor JVMs of its own), or a driver submitted with {@code
 * spark-submit} ({@code org.apache.spark.deploy.SparkSubmit}) in client mode. {@link #kill()} is
 * {@code kill -9}; {@link #start()} afterwards starts the same process again (a driver: a
 * resubmission with the same arguments, which resumes from its checkpoint).
 */
public final class SparkProcess extends ProcessServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final SparkHome home;
  private final List<String> command;
  private final int webUiPort;
  private final BooleanSupplier ready;
  private final Duration readyWithin;

  private SparkProcess(
      String name,
      SparkHome home,
      List<String> command,
      int webUiPort,
      BooleanSupplier ready,
      Duration readyWithin) {
    this.name = name;
    this.home = home;
    this.command = command;
    this.webUiPort = webUiPort;
    this.ready = ready;
    this.readyWithin = readyWithin;
  }

  /** The Master on free loopback ports; ready when its web UI answers. */
  public static SparkProcess master(SparkHome home) {
    return daemon(
        home,
        "spark-master",
        "org.apache.spark.deploy.master.Master",
        List.of(),
        (port, ui) -> () -> Http.answers("http://127.0.0.1:" + ui + "/json/", 200));
  }

  /**
   * A Worker offering {@code cores} cores and {@code memory} to executors; ready when the Master
   * lists it as ALIVE.
   */
  public static SparkProcess worker(SparkHome home, SparkProcess master, int cores, String memory) {
    return daemon(
        home,
        "spark-worker",
        "org.apache.spark.deploy.worker.Worker",
        List.of("--cores", Integer.toString(cores), "--memory", memory, master.masterUrl()),
        (port, ui) -> () -> master.aliveWorkerPorts().contains(port));
  }

  /** A Master or Worker on loopback, its RPC and web UI ports free ones. */
  private static SparkProcess daemon(
      SparkHome home,
      String role,
      String mainClass,
      List<String> args,
      java.util.function.BiFunction<Integer, Integer, BooleanSupplier> ready) {
    int port = FreePorts.next();
    int ui = FreePorts.next();
    List<String> c = new ArrayList<>(home.javaOptions("256m"));
    c.addAll(
        List.of(
            mainClass,
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--webui-port",
            Integer.toString(ui)));
    c.addAll(args);
    return new SparkProcess(
        role + ":" + port, home, c, ui, ready.apply(port, ui), Duration.ofSeconds(60));
  }

  /**
   * A driver: {@code spark-submit} with {@code submitArgs} (options, the application jar and its
   * arguments), its web UI on a free port; ready when the UI lists the application.
   */
  public static SparkProcess driver(SparkHome home, String heap, List<String> submitArgs) {
    int ui = FreePorts.next();
    List<String> c = new ArrayList<>(home.javaOptions(heap));
    c.add("org.apache.spark.deploy.SparkSubmit");
    c.add("--conf");
    c.add("spark.ui.port=" + ui);
    c.add("--conf");
    c.add("spark.driver.host=127.0.0.1");
    c.addAll(submitArgs);
    return new SparkProcess(
        "spark-driver",
        home,
        c,
        ui,
        () -> Http.answers("http://127.0.0.1:" + ui + "/api/v1/applications", 200),
        Duration.ofSeconds(180));
  }

  @Override
  protected void doStart() throws Exception {
    if (server == null) {
      dir = TempDirs.create(name.replace(':', '-'));
      // Spark's scratch space (block manager, shuffle files) and every temporary file, of this
      // JVM and of the executors a Worker starts (they inherit its environment), in this
      // process's own directory, removed with it even after kill -9.
      Path local = Files.createDirectories(dir.resolve("local"));
      Path tmp = Files.createDirectories(dir.resolve("tmp"));
      server =
          new NativeServer(name, ChildJvm.java(), dir.resolve("process.log"))
              .environment(home.environment())
              .environment(
                  java.util.Map.of(
                      "SPARK_LOCAL_DIRS",
                      local.toString(),
                      "JAVA_TOOL_OPTIONS",
                      "-Djava.io.tmpdir=" + tmp));
    }
    server.start(command, ready, readyWithin);
  }

  /** The Master's URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    int i = command.indexOf("--port");
    return "spark://127.0.0.1:" + command.get(i + 1);
  }

  /** This process's web UI (Master, Worker or driver). */
  public String webUi() {
    return "http://127.0.0.1:" + webUiPort;
  }

  /** The Master's or a Worker's own status ({@code /json/}). */
  public JsonNode status() throws Exception {
    return JSON.readTree(Http.get(webUi() + "/json/").body());
  }

  /** The driver's REST API at {@code path} under {@code /api/v1}. */
  public JsonNode api(String path) throws Exception {
    Http.Response r = Http.get(webUi() + "/api/v1" + path);
    if (r.status() != 200) {
      throw new IllegalStateException(path + " answered " + r.status() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Ports of the Workers the Master lists as ALIVE; empty if it does not answer. */
  List<Integer> aliveWorkerPorts() {
    List<Integer> out = new ArrayList<>();
    try {
      for (JsonNode w : status().path("workers")) {
        if (w.path("state").asText().equals("ALIVE")) {
          out.add(w.path("port").asInt());
        }
      }
    } catch (Exception e) {
      // not answering yet
    }
    return out;
  }

  /** The process's log file. */
  public Path log() {
    return dir.resolve("process.log");
  }
}
