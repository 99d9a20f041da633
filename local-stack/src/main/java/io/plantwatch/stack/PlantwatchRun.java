package io.plantwatch.stack;

import io.plantwatch.analytics.BeforeSparkStops;
import io.plantwatch.telemetry.DurationText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/plantwatch run}: the whole pipeline on this machine, with a live view. */
@Command(
    name = "plantwatch run",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = {
      "Runs the whole pipeline in this process: simulated devices → site MQTT broker → edge"
          + " gateway → uplink MQTT broker → Kafka Connect (plantwatch connector) → Kafka →"
          + " analytics job on local Spark → InfluxDB or a line-protocol file, and alert mails"
          + " to SMTP or an outbox folder. Every server is embedded unless pointed elsewhere."
          + " Ctrl-C stops everything cleanly.",
      ""
    },
    footer = {
      "",
      "Environment: PLANTWATCH_SITE_BROKER, PLANTWATCH_UPLINK_BROKER, PLANTWATCH_KAFKA_BOOTSTRAP,",
      "PLANTWATCH_INFLUX_URL, PLANTWATCH_INFLUX_TOKEN, PLANTWATCH_INFLUX_ORG, PLANTWATCH_INFLUX_BUCKET,",
      "PLANTWATCH_SMTP_HOST, PLANTWATCH_SMTP_PORT (alert mails; always also in OUT/outbox), PLANTWATCH_OUT,",
      "PLANTWATCH_GATEWAY_* (the gateway's own settings), PLANTWATCH_LOG_LEVEL.",
      "",
      "Examples:",
      "  bin/plantwatch run",
      "  bin/plantwatch run --machines 50 --rate 2",
      "  bin/plantwatch run --cmapss testdata/cmapss/train_FD001.txt --units 1-5",
      "  PLANTWATCH_INFLUX_URL=http://localhost:8086 PLANTWATCH_INFLUX_TOKEN=… bin/plantwatch run \\",
      "      --kafka-bootstrap kafka:9092 --site-broker tcp://plant-broker:1883"
    })
public final class PlantwatchRun implements Callable<Integer> {
  /** Longest wait, after the devices stop, for their readings to pass through the chain. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Longest the stop may take before the JVM goes on with its other shutdown hooks. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  @Mixin ChainOptions chain;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "${env:PLANTWATCH_OUT:-./plantwatch-out}",
      description =
          "Output folder: points, outbox, gateway queue, checkpoints, log (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--machines",
      defaultValue = "10",
      description = "Simulated machines (default: ${DEFAULT-VALUE}).")
  int machines;

  @Option(
      names = "--metrics",
      split = ",",
      defaultValue = "temperature,vibration,pressure,current,speed",
      description = "Metrics each machine reports (default: ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description =
          "Reports per machine per second; 0 = as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--step",
      converter = ValidDuration.class,
      defaultValue = "1s",
      description =
          "Event time between two reports of a machine (default: ${DEFAULT-VALUE}; more than 1/rate accelerates time).")
  String step;

  @Option(
      names = "--ticks",
      defaultValue = "0",
      description =
          "Reports per machine, then the devices stop; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long ticks;

  @Option(
      names = "--degrading",
      defaultValue = "2",
      description = "Machines whose bearings wear out over the run (default: ${DEFAULT-VALUE}).")
  int degrading;

  @Option(
      names = "--fault-probability",
      defaultValue = "0.002",
      description = "Chance of a spike per report (default: ${DEFAULT-VALUE}).")
  double faultProbability;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--cmapss",
      paramLabel = "FILE",
      description = "Replay NASA C-MAPSS run-to-failure data instead of the simulator.")
  Path cmapss;

  @Option(names = "--units", description = "C-MAPSS units to replay, e.g. 1-10 (default: all).")
  String units;

  @Option(
      names = "--speed",
      defaultValue = "10",
      description = "C-MAPSS cycles per second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--no-devices",
      description = "Start no simulated devices: real ones publish to the site broker.")
  boolean noDevices;

  @Option(
      names = "--site-broker",
      paramLabel = "URI",
      defaultValue = "${env:PLANTWATCH_SITE_BROKER}",
      description = "Use this site broker instead of an embedded one.")
  String siteBroker;

  @Option(
      names = "--uplink-broker",
      paramLabel = "URI",
      defaultValue = "${env:PLANTWATCH_UPLINK_BROKER}",
      description = "Use this uplink broker instead of an embedded one.")
  String uplinkBroker;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:PLANTWATCH_KAFKA_BOOTSTRAP}",
      description = "Use this Kafka instead of an embedded broker.")
  String kafkaBootstrap;

  @Option(
      names = "--site-port",
      defaultValue = "1883",
      description =
          "Port of the embedded site broker; a free one if taken (default: ${DEFAULT-VALUE}).")
  int sitePort;

  @Option(
      names = "--uplink-port",
      defaultValue = "1884",
      description =
          "Port of the embedded uplink broker; a free one if taken (default: ${DEFAULT-VALUE}).")
  int uplinkPort;

  @Option(
      names = "--influx-url",
      paramLabel = "URL",
      defaultValue = "${env:PLANTWATCH_INFLUX_URL}",
      description =
          "Write to this InfluxDB instead of starting influxd or writing the points file.")
  String influxUrl;

  @Option(
      names = "--influx-api",
      defaultValue = "${env:PLANTWATCH_INFLUX_API:-auto}",
      description =
          "Write API of --influx-url: v1 (InfluxDB 1.x: database, user, password), v2 (org,"
              + " bucket, token) or auto (the server's /ping decides) (default: ${DEFAULT-VALUE}).")
  String influxApi;

  @Option(
      names = "--influx-database",
      defaultValue = "${env:PLANTWATCH_INFLUX_DATABASE:-plantwatch}",
      description = "v1: database (default: ${DEFAULT-VALUE}).")
  String influxDatabase;

  @Option(
      names = "--influx-user",
      defaultValue = "${env:PLANTWATCH_INFLUX_USERNAME}",
      description = "v1: user, when InfluxDB requires authentication.")
  String influxUser;

  @Option(
      names = "--influx-password-file",
      paramLabel = "FILE",
      description = "v1: file holding the password (or PLANTWATCH_INFLUX_PASSWORD).")
  Path influxPasswordFile;

  @Option(
      names = "--no-influxd",
      description =
          "Write the points file even when influxd is installed (by default the run starts"
              + " influxd with its data under --out and writes there).")
  boolean noInfluxd;

  @Option(
      names = "--influx-org",
      defaultValue = "${env:PLANTWATCH_INFLUX_ORG:-plantwatch}",
      description = "v2: organisation (default: ${DEFAULT-VALUE}).")
  String influxOrg;

  @Option(
      names = "--influx-bucket",
      defaultValue = "${env:PLANTWATCH_INFLUX_BUCKET:-plantwatch}",
      description = "v2: bucket (default: ${DEFAULT-VALUE}).")
  String influxBucket;

  @Option(
      names = "--influx-token-file",
      paramLabel = "FILE",
      description = "v2: file holding the token (or PLANTWATCH_INFLUX_TOKEN).")
  Path influxTokenFile;

  @Option(
      names = "--view-port",
      defaultValue = "8090",
      description =
          "Port of the live view in the browser, on 127.0.0.1; 0 for any free one"
              + " (default: ${DEFAULT-VALUE}).")
  int viewPort;

  @Option(names = "--no-view", description = "Serve no live view.")
  boolean noView;

  @Option(
      names = "--view-every",
      converter = ValidDuration.class,
      defaultValue = "5s",
      description = "Interval of the console view (default: ${DEFAULT-VALUE}).")
  String viewEvery;

  @Option(
      names = "--duration",
      converter = ValidDuration.class,
      description = "Stop by itself after running this long, e.g. 2m (default: until Ctrl-C).")
  String duration;

  private final PrintStream console;

  public PlantwatchRun() {
    this(System.out);
  }

  PlantwatchRun(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new PlantwatchRun());
    // One line saying what is wrong, as every plantwatch command does.
    cl.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine()
              .getErr()
              .println("plantwatch run: " + e.getMessage() + " (see --help)");
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("plantwatch run: " + oneLine(e));
          return 1;
        });
    System.exit(cl.execute(args));
  }

  public static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage().split("\n")[0];
  }

  /** The settings these options describe; every problem is a one-line error. */
  StackSettings settings() throws Exception {
    if (machines < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--machines must be at least 1");
    }
    if (cmapss != null && !Files.isReadable(cmapss)) {
      throw new IllegalArgumentException("--cmapss " + cmapss + ": no such readable file");
    }
    out = out.toAbsolutePath().normalize();
    StackSettings.Fleet fleet =
        noDevices || cmapss != null
            ? null
            : new StackSettings.Fleet(
                machines,
                metrics,
                rate,
                DurationText.parse(step).toMillis(),
                ticks,
                null,
                degrading,
                faultProbability,
                seed,
                out.resolve("sent.jsonl"));
    StackSettings.Influx influx = null;
    if (influxUrl != null && !influxUrl.isBlank()) {
      influx =
          new StackSettings.Influx(
              influxUrl,
              influxApi,
              secret("PLANTWATCH_INFLUX_TOKEN", influxTokenFile),
              influxOrg,
              influxBucket,
              influxDatabase,
              influxUser == null ? "" : influxUser,
              secret("PLANTWATCH_INFLUX_PASSWORD", influxPasswordFile));
    }
    return StackSettings.in(out)
        .brokers(blankToNull(siteBroker), sitePort, blankToNull(uplinkBroker), uplinkPort)
        .kafkaBootstrap(blankToNull(kafkaBootstrap))
        .fleet(fleet)
        .replay(cmapss == null || noDevices ? null : new StackSettings.Replay(cmapss, units, speed))
        .connectorTasks(chain.connectorTasks())
        .partitions(chain.partitions())
        .windows(
            chain.windows(),
            DurationText.parse(chain.watermark()),
            DurationText.parse(chain.trigger()))
        .influx(influx)
        .influxd(influx == null && !noInfluxd && InfluxdProcess.binary().isPresent())
        .jobConf(chain.conf())
        .view(noView ? null : viewPort)
        .build();
  }

  /** A secret from its file's first line, else from the environment; never logged. */
  private static String secret(String variable, Path file) throws IOException {
    if (file != null) {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .findFirst()
          .orElse("")
          .strip();
    }
    return System.getenv().getOrDefault(variable, "");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public Integer call() throws Exception {
    StackSettings settings = settings();
    Files.createDirectories(settings.out());
    Path logFile = settings.out().resolve("plantwatch.log").toAbsolutePath();
    // Before the first logger exists: every component logs to this file, the console keeps the
    // view.
    System.setProperty("plantwatch.log.file", logFile.toString());
    Duration every = DurationText.parse(viewEvery);
    Duration runFor = duration == null ? null : DurationText.parse(duration);

    console.println("plantwatch: starting the pipeline (log: " + logFile + ") ...");
    long began = System.nanoTime();
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C and SIGTERM: the main thread stops the stages in the order data flows, before Spark
    // stops its context.
    BeforeSparkStops.register(
        () -> {
          stopRequested.countDown();
          try {
            stopped.await(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        STOP_TIMEOUT.plusSeconds(10));
    LocalStack stack = null;
    try {
      stack = LocalStack.start(settings);
      console.printf(
          "plantwatch: running in %.0f s. site broker %s, uplink broker %s, Kafka %s (readings as"
              + " %s), points → %s%n",
          (System.nanoTime() - began) / 1e9,
          stack.siteBrokerUri(),
          stack.uplinkBrokerUri(),
          stack.kafkaBootstrap(),
          stack.readingsFormat().wireName(),
          RunOutput.pointsGoTo(stack, settings));
      console.println(RunOutput.showPoints(stack, settings));
      if (stack.view() != null) {
        console.println(
            "plantwatch: live view at "
                + stack.view().uri()
                + "/ (fleet, machines, alerts, pipeline)");
      }
      console.println("plantwatch: Ctrl-C stops everything.");
      ConsoleView view = new ConsoleView(stack, console);
      long stopAt = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
      while (System.nanoTime() < stopAt) {
        long wait = Math.min(every.toNanos(), stopAt - System.nanoTime());
        if (stopRequested.await(Math.max(wait, 0), TimeUnit.NANOSECONDS)) {
          break;
        }
        view.print();
      }
      console.println(
          "\nplantwatch: stopping: devices first, then the stages in the order data flows ...");
      RunTally tally = drain(stack);
      stack.close();
      stack = null;
      tally.print(console);
    } finally {
      try {
        if (stack != null) {
          stack.close();
        }
      } finally {
        RunOutput.printWhereItIs(console, settings, logFile);
        stopped.countDown();
      }
    }
    return 0;
  }

  /** Stops the devices and waits (bounded) until what they sent has gone through the chain. */
  private RunTally drain(LocalStack stack) throws InterruptedException {
    stack.stopDevices();
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    RunTally tally = RunTally.of(stack);
    while (!tally.drained() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      tally = RunTally.of(stack);
    }
    if (!tally.drained()) {
      console.println(
          "plantwatch: not drained within "
              + DRAIN_TIMEOUT.toSeconds()
              + " s; the rest stays queued for the next run");
    }
    return tally;
  }
}
