package io.plantwatch.stack;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.stack.bench.BatchTimes;
import io.plantwatch.stack.bench.BenchReport;
import io.plantwatch.stack.bench.Delivery;
import io.plantwatch.stack.bench.FaultMails;
import io.plantwatch.stack.bench.KafkaCeiling;
import io.plantwatch.stack.bench.LatencyChart;
import io.plantwatch.stack.bench.LoadGenerator;
import io.plantwatch.stack.bench.MosquittoProcess;
import io.plantwatch.stack.bench.MqttCeiling;
import io.plantwatch.stack.bench.Percentiles;
import io.plantwatch.stack.bench.ProcStats;
import io.plantwatch.stack.bench.ReportWriter;
import io.plantwatch.stack.bench.SparkCeiling;
import io.plantwatch.stack.bench.ThreadCpu;
import io.plantwatch.stack.bench.WindowSink;
import io.plantwatch.telemetry.DurationText;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/plantwatch bench}: the whole chain on real components at given offered loads, and the
 * ceilings of its stages alone, measured in the same run on the same machine.
 */
@Command(
    name = "plantwatch bench",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    version = "plantwatch local-stack 0.1.0",
    description = {
      "For each offered load (readings/s) runs the full chain for a fixed time: simulated devices"
          + " → Mosquitto (site) → edge gateway → Mosquitto (uplink) → Kafka Connect with the"
          + " plantwatch connector → Kafka → analytics job on local Spark → InfluxDB v2 write"
          + " API. Reports readings/s delivered into windows, loss, duplicates, end-to-end latency"
          + " p50/p95/p99 (publish → first sink write of a window holding the reading), backlog"
          + " per stage, CPU and resident memory per process; and the ceilings of the MQTT"
          + " broker, Kafka and Spark alone. Writes bench.json, bench.md and latency.png to"
          + " --out.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/plantwatch bench --loads 2000,5000,10000 --duration 30s --out /tmp/bench",
      "  bin/plantwatch bench --loads 5000 --duration 10s --no-ceilings --json"
    })
public final class PlantwatchBench implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Option(
      names = "--loads",
      split = ",",
      defaultValue = "5000,20000,50000",
      description = "Offered loads, readings/s (default: ${DEFAULT-VALUE}).")
  List<Long> loads;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      description = "Measured time per load (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "15s",
      description =
          "Time per load at the same rate before the measured period, on another site whose"
              + " readings are not counted; then the bench waits until they are all through the job"
              + " (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--drain",
      defaultValue = "10m",
      description =
          "After the devices stop, longest wait for every reading to reach the windows; the wait"
              + " also ends after 30 s without progress (default: ${DEFAULT-VALUE}).")
  String drain;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "./plantwatch-bench",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
  boolean json;

  @Option(
      names = "--metrics",
      defaultValue = "20",
      description =
          "Metrics per machine, all in one MQTT message per report (default: ${DEFAULT-VALUE}).")
  int metrics;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description =
          "Reports per machine per second; machines = load / (metrics × rate) (default:"
              + " ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--device-connections",
      defaultValue = "4",
      description = "MQTT connections the devices share (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--device-in-flight",
      defaultValue = "64",
      description = "Unacknowledged publishes per device connection (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--batch-max-readings",
      defaultValue = "2000",
      description = "Gateway: most readings per uplink message (default: ${DEFAULT-VALUE}).")
  int batchMaxReadings;

  @Option(
      names = "--batch-linger",
      defaultValue = "100ms",
      description = "Gateway: longest a reading waits for its batch (default: ${DEFAULT-VALUE}).")
  String batchLinger;

  @Option(
      names = "--uplink-in-flight",
      defaultValue = "32",
      description = "Gateway: unacknowledged uplink messages (default: ${DEFAULT-VALUE}).")
  int uplinkInFlight;

  @Option(
      names = "--fault-every",
      defaultValue = "5s",
      description =
          "During each measured period, one more machine turns faulty (its temperature jumps by"
              + " 1000) this often, and the bench times each fault to its alert mail; 0s turns"
              + " faults and alerting off (default: ${DEFAULT-VALUE}).")
  String faultEvery;

  @Option(
      names = "--alert-window",
      defaultValue = "10s/2s",
      description =
          "Window of the bench's alert rule: the default 1m/10s scaled for a short test"
              + " (default: ${DEFAULT-VALUE}).")
  String alertWindow;

  @Option(
      names = "--alert-watermark",
      defaultValue = "5s",
      description =
          "plantwatch.alerts.watermark for the bench: the default 1m scaled for a short test"
              + " (default: ${DEFAULT-VALUE}).")
  String alertWatermark;

  @Option(
      names = "--ceiling-duration",
      defaultValue = "20s",
      description = "Measured time of the MQTT and Kafka ceilings (default: ${DEFAULT-VALUE}).")
  String ceilingDuration;

  @Option(
      names = "--spark-ceiling-records",
      defaultValue = "600000",
      description = "Readings pre-filled for the Spark ceiling (default: ${DEFAULT-VALUE}).")
  long sparkCeilingRecords;

  @Option(names = "--no-ceilings", description = "Measure the loads only.")
  boolean noCeilings;

  @Option(
      names = "--ceilings",
      split = ",",
      defaultValue = "mqtt,kafka,spark",
      description = "Ceilings to measure (default: ${DEFAULT-VALUE}).")
  List<String> ceilingStages;

  @Option(
      names = "--mosquitto-conf",
      paramLabel = "LINE",
      description =
          "A line appended to every Mosquitto configuration, e.g. 'max_inflight_messages 100';"
              + " repeatable.")
  List<String> mosquittoConf = new ArrayList<>();

  @Option(names = "--ceilings-only", description = "Measure the ceilings only.")
  boolean ceilingsOnly;

  private final PrintStream stdout;
  private final PrintStream progress;

  public PlantwatchBench() {
    this(System.out, System.err);
  }

  PlantwatchBench(PrintStream stdout, PrintStream progress) {
    this.stdout = stdout;
    this.progress = progress;
  }

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new PlantwatchBench());
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("plantwatch bench: " + PlantwatchRun.oneLine(e));
          return 1;
        });
    int code = cl.execute(args);
    // Kafka's test kit deletes the embedded broker's folder in a shutdown hook; ignore its halt.
    org.apache.kafka.common.utils.Exit.setHaltProcedure((c, m) -> {});
    System.exit(code);
  }

  private void say(String format, Object... args) {
    progress.printf(Locale.ROOT, "plantwatch bench: " + format + "%n", args);
  }

  @Override
  public Integer call() throws Exception {
    if (metrics < 1 || rate <= 0 || loads.isEmpty() || loads.stream().anyMatch(l -> l < 1)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--loads, --metrics and --rate must be positive");
    }
    out = out.toAbsolutePath().normalize();
    Files.createDirectories(out);
    Path logFile = out.resolve("plantwatch.log");
    // Before the first logger exists: every component logs to this file.
    System.setProperty("plantwatch.log.file", logFile.toString());
    say("log: %s", logFile);
    WindowSpec spec = WindowSpec.parseList(chain.windows).get(0);
    List<String> metricNames = LoadGenerator.metricNames(metrics);

    Map<String, BenchReport.Ceiling> ceilings = new LinkedHashMap<>();
    List<BenchReport.Load> results = new ArrayList<>();
    if (!noCeilings) {
      measureCeilings(metricNames, ceilings);
      write(report(ceilings, results, metricNames, spec));
    }
    if (!ceilingsOnly) {
      for (long load : loads) {
        results.add(runLoad(load, metricNames, spec));
        write(report(ceilings, results, metricNames, spec));
      }
    }
    BenchReport report = report(ceilings, results, metricNames, spec);
    write(report);
    if (json) {
      stdout.println(ReportWriter.json(report));
    } else {
      stdout.println(ReportWriter.markdown(report));
    }
    say(
        "wrote %s, %s, %s",
        out.resolve("bench.json"), out.resolve("bench.md"), out.resolve("latency.png"));
    return 0;
  }

  private void write(BenchReport report) throws Exception {
    Files.writeString(out.resolve("bench.json"), ReportWriter.json(report) + "\n");
    Files.writeString(
        out.resolve("bench.md"),
        "# plantwatch bench\n\n" + ReportWriter.markdown(report),
        StandardCharsets.UTF_8);
    LatencyChart.write(report, out.resolve("latency.png"));
  }

  private BenchReport report(
      Map<String, BenchReport.Ceiling> ceilings,
      List<BenchReport.Load> results,
      List<String> metricNames,
      WindowSpec spec) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("duration per load", duration);
    s.put("warm-up per load", warmup);
    s.put(
        "devices",
        String.format(
            Locale.ROOT,
            "%d metrics per MQTT message (JSON_MULTI), %s report(s) per machine per second, machines"
                + " = load / %s; %d Paho MQTT 5 connections, QoS 1, %d in flight each",
            metrics,
            fmt(rate),
            fmt(metrics * rate),
            connections,
            inFlight));
    s.put(
        "gateway",
        String.format(
            Locale.ROOT,
            "uplink.batchMaxReadings=%d, uplink.batchLinger=%s, uplink.maxInFlight=%d, other"
                + " settings default (site receive maximum 1000, group commit 1000 messages)",
            batchMaxReadings,
            batchLinger,
            uplinkInFlight));
    s.put(
        "brokers",
        "Mosquitto processes (/usr/sbin/mosquitto), set_tcp_nodelay, no persistence"
            + (mosquittoConf.isEmpty() ? "" : ", " + String.join(", ", mosquittoConf)));
    s.put("connector", chain.connectorTasks + " tasks, shared subscription, ack after Kafka");
    s.put(
        "kafka",
        "embedded KRaft broker in the JVM, telemetry.readings with "
            + chain.partitions
            + " partitions");
    s.put(
        "job",
        String.format(
            Locale.ROOT,
            "Spark local[2], windows %s, watermark %s, trigger %s, %s, health model off%s",
            spec.label(),
            chain.watermark,
            chain.trigger,
            faultsOn()
                ? "alerting on: one threshold rule (temperature max > 500 in "
                    + alertWindow
                    + ", alert watermark "
                    + alertWatermark
                    + ") mailing to an SMTP server in the JVM, a new fault every "
                    + faultEvery
                : "alerting off",
            chain.conf.isEmpty() ? "" : ", " + chain.conf));
    s.put(
        "sink",
        "InfluxDB v2 write API endpoint in the JVM (the job's real influxdb-client sink posts to it)");
    s.put("metrics", String.join(",", metricNames));
    return new BenchReport(machine(), s, ceilings, results);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static String machine() {
    long memKb = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return String.format(
        Locale.ROOT,
        "%d cores, %.0f GiB, %s %s, Java %s",
        Runtime.getRuntime().availableProcessors(),
        memKb / 1024.0 / 1024.0,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"));
  }

  /** How long before the end of publishing the last fault must come for its mail to be due. */
  private long alertWindowAndWatermarkMs() {
    WindowSpec w = WindowSpec.parseList(alertWindow).get(0);
    return w.length().toMillis()
        + w.slide().toMillis()
        + DurationText.parse(alertWatermark).toMillis()
        + DurationText.parse(chain.trigger).toMillis();
  }

  private boolean faultsOn() {
    return DurationText.parse(faultEvery).toMillis() > 0;
  }

  /** The job's settings for the loads and the Spark ceiling: alerting off. */
  private Map<String, String> jobConf() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("plantwatch.alerts.rules", "");
    c.putAll(chain.conf);
    return c;
  }

  private void measureCeilings(List<String> metricNames, Map<String, BenchReport.Ceiling> ceilings)
      throws Exception {
    long ms = DurationText.parse(ceilingDuration).toMillis();
    if (ceilingStages.contains("mqtt")) {
      say("ceiling: Mosquitto alone (%d s) ...", ms / 1000);
      BenchReport.Ceiling mqtt =
          MqttCeiling.measure(
              out.resolve("ceiling-mqtt"), metricNames, connections, inFlight, ms, mosquittoConf);
      ceilings.put(mqtt.stage(), mqtt);
      say("ceiling: mqtt %,.0f readings/s", mqtt.readingsPerSecond());
    }
    if (!ceilingStages.contains("kafka") && !ceilingStages.contains("spark")) {
      return;
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      if (ceilingStages.contains("kafka")) {
        say("ceiling: Kafka alone (%d s) ...", ms / 1000);
        BenchReport.Ceiling k =
            KafkaCeiling.measure(kafka.bootstrapServers(), chain.partitions, metricNames, ms);
        ceilings.put(k.stage(), k);
        say("ceiling: kafka %,.0f readings/s", k.readingsPerSecond());
      }
      if (!ceilingStages.contains("spark")) {
        return;
      }
      Topics.ensure(kafka.bootstrapServers(), chain.partitions);
      say("ceiling: Spark alone (%,d readings) ...", sparkCeilingRecords);
      SparkSession spark = LocalSpark.session();
      try {
        Map<String, String> c = jobConf();
        c.put("plantwatch.windows", chain.windows);
        c.put("plantwatch.watermark", DurationText.format(DurationText.parse(chain.watermark)));
        Path checkpoint = out.resolve("ceiling-spark").resolve("checkpoint");
        deleteRecursively(checkpoint);
        BenchReport.Ceiling s =
            SparkCeiling.measure(
                spark,
                kafka.bootstrapServers(),
                chain.partitions,
                c,
                checkpoint,
                metricNames,
                1000,
                sparkCeilingRecords);
        ceilings.put(s.stage(), s);
        say("ceiling: spark %,.0f readings/s", s.readingsPerSecond());
      } finally {
        spark.stop();
      }
    }
  }

  private BenchReport.Load runLoad(long load, List<String> metricNames, WindowSpec spec)
      throws Exception {
    Path dir = out.resolve("load-" + load);
    deleteRecursively(dir);
    Files.createDirectories(dir);
    int machines = (int) Math.max(1, Math.round(load / (metrics * rate)));
    long durationMs = DurationText.parse(duration).toMillis();
    long warmupMs = DurationText.parse(warmup).toMillis();
    long drainMs = DurationText.parse(drain).toMillis();
    say(
        "load %,d readings/s: %d machines × %d metrics × %s/s, starting the chain ...",
        load, machines, metrics, fmt(rate));
    try (MosquittoProcess site = MosquittoProcess.start(dir.resolve("mqtt-site"), mosquittoConf);
        MosquittoProcess uplink =
            MosquittoProcess.start(dir.resolve("mqtt-uplink"), mosquittoConf);
        WindowSink sink = WindowSink.start("bench");
        FaultMails mails = faultsOn() ? FaultMails.start() : null) {
      Map<String, String> job = jobConf();
      if (mails != null) {
        job.putAll(
            mails.jobSettings(
                dir,
                alertWindow,
                DurationText.parse(alertWatermark).toMillis(),
                500,
                Topics.ALERTS));
      }
      Map<String, String> gw = new LinkedHashMap<>();
      gw.put("PLANTWATCH_GATEWAY_UPLINK_BATCH_MAX_READINGS", Integer.toString(batchMaxReadings));
      gw.put("PLANTWATCH_GATEWAY_UPLINK_BATCH_LINGER", batchLinger);
      gw.put("PLANTWATCH_GATEWAY_UPLINK_MAX_IN_FLIGHT", Integer.toString(uplinkInFlight));
      StackSettings settings =
          new StackSettings(
              dir,
              site.uri(),
              uplink.uri(),
              null,
              0,
              0,
              null,
              null,
              chain.connectorTasks,
              chain.partitions,
              chain.windows,
              DurationText.parse(chain.watermark),
              DurationText.parse(chain.trigger),
              new StackSettings.Influx(sink.url(), "bench", "plantwatch", "plantwatch"),
              job,
              gw);
      long began = System.nanoTime();
      try (LocalStack stack = LocalStack.start(settings)) {
        say("load %,d: chain up in %.0f s", load, (System.nanoTime() - began) / 1e9);
        String query = AnalyticsJob.windowsQuery(spec);
        BatchTimes times = new BatchTimes(query);
        SparkSession spark = stack.job().queries().get(0).sparkSession();
        spark.streams().addListener(times);
        Sampler sampler =
            new Sampler(
                stack, times, List.of(ProcessHandle.current().pid(), site.pid(), uplink.pid()));
        sampler.start();
        try {
          if (warmupMs > 0) {
            say("load %,d: warm-up %d s ...", load, warmupMs / 1000);
            new LoadGenerator(
                    site.uri(), "warmup", machines, metricNames, rate, connections, inFlight)
                .run(warmupMs);
            // Spark's first batches (class loading, JIT, state stores) take tens of seconds on two
            // cores: wait until the warm-up's readings are all through, so they are not measured.
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long warmed = machines * (long) metrics * (long) (warmupMs / 1000.0 * rate) * 9 / 10;
            while (System.nanoTime() < warmEnd
                && (sampler.kafkaEnd.get() < warmed
                    || sampler.kafkaEnd.get() > times.inputRows()
                    || stack.gateway().queue().readingCount() > 0)) {
              Thread.sleep(500);
            }
            say(
                "load %,d: warm-up through (%,d records in Kafka, %,d read by the job)",
                load, sampler.kafkaEnd.get(), times.inputRows());
          }
          say("load %,d: measuring %d s ...", load, durationMs / 1000);
          LoadGenerator devices =
              new LoadGenerator(
                      site.uri(), "bench", machines, metricNames, rate, connections, inFlight)
                  .faultEvery(
                      mails == null ? 0 : DurationText.parse(faultEvery).toMillis(),
                      // the last fault comes at least an alert window and a watermark before the
                      // end, so its mail is due while the chain still runs at this load
                      alertWindowAndWatermarkMs());
          sampler.mark();
          long measureStartMs = System.currentTimeMillis();
          devices.run(durationMs);
          long publishEndMs = System.currentTimeMillis();
          ProcSnapshot cpu = sampler.cpuSinceMark();
          Map<String, long[]> stamps = devices.stamps();
          // Drain: until every reading is in the windows, or no progress for 30 s, or --drain.
          Delivery.Result d;
          long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
          long lastLost = Long.MAX_VALUE;
          long lastProgress = System.nanoTime();
          while (true) {
            d =
                Delivery.compute(
                    spec.length().toMillis(),
                    spec.slide().toMillis(),
                    stamps,
                    metricNames,
                    sink.windows());
            if (d.lost() == 0 || System.nanoTime() > drainEnd) {
              break;
            }
            if (d.lost() < lastLost) {
              lastLost = d.lost();
              lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(30)) {
              break;
            }
            Thread.sleep(1000);
          }
          sampler.stop();
          boolean idle =
              stack.gateway().queue().readingCount() == 0
                  && sampler.kafkaEnd.get() <= times.inputRows();
          if (d.lost() > 0) {
            say(
                "load %,d: %,d readings not in the windows at the end of the drain (%s)",
                load,
                d.lost(),
                idle ? "the chain is idle: lost" : "still on their way: not drained");
          }
          Percentiles.Summary lat = Percentiles.summarize(d.latenciesMs());
          Map<String, Long> faultStarts = devices.faultStarts();
          List<String> unmailed = new ArrayList<>();
          Percentiles.Summary faultToMail = Percentiles.summarize(new long[0]);
          if (mails != null) {
            mails.await(faultStarts.keySet(), 30_000);
            faultToMail =
                Percentiles.summarize(
                    mails.latenciesMs(faultStarts, unmailed).stream()
                        .mapToLong(Double::longValue)
                        .toArray());
            if (!unmailed.isEmpty()) {
              say("load %,d: no FIRING mail for the faults of %s", load, unmailed);
            }
          }
          List<BatchTimes.Batch> batches = times.nonEmptySince(measureStartMs);
          double batchAvg =
              batches.stream().mapToLong(BatchTimes.Batch::durationMs).average().orElse(Double.NaN);
          double batchMax =
              batches.stream().mapToLong(BatchTimes.Batch::durationMs).max().orElse(-1);
          double publishSeconds = (publishEndMs - measureStartMs) / 1000.0;
          long acked = devices.readingsAcknowledged();
          List<BenchReport.Process> procs =
              List.of(
                  new BenchReport.Process("jvm", cpu.cores(0), sampler.maxRssMb(0)),
                  new BenchReport.Process("mosquitto-site", cpu.cores(1), sampler.maxRssMb(1)),
                  new BenchReport.Process("mosquitto-uplink", cpu.cores(2), sampler.maxRssMb(2)));
          BenchReport.Load result =
              new BenchReport.Load(
                  load,
                  acked / publishSeconds,
                  d.published(),
                  d.delivered(),
                  d.deliveredPerSecond(publishEndMs - measureStartMs),
                  d.lost(),
                  d.duplicates(),
                  lat.p50(),
                  lat.p95(),
                  lat.p99(),
                  lat.max(),
                  sampler.gatewayQueueMax.get(),
                  sampler.kafkaLagMax.get(),
                  batchAvg,
                  batchMax,
                  DurationText.parse(chain.trigger).toMillis(),
                  procs,
                  Math.max(0, cpu.machineCores() - cpu.cores(0) - cpu.cores(1) - cpu.cores(2)),
                  d.lost() == 0 || idle,
                  cpu.stages(),
                  faultStarts.size(),
                  faultStarts.size() - unmailed.size(),
                  faultToMail);
          say(
              "load %,d: published %,.0f r/s, delivered %,.0f r/s, lost %,d, duplicates %,d,"
                  + " p50/p95/p99 %.0f/%.0f/%.0f ms, gateway queue max %,d, Kafka lag max %,d,"
                  + " Spark batch avg %.0f ms, JVM %.2f cores, RSS %.0f MB, other processes %.2f cores",
              load,
              result.publishedPerS(),
              result.deliveredPerS(),
              result.lost(),
              result.duplicatesInWindows(),
              result.p50Ms(),
              result.p95Ms(),
              result.p99Ms(),
              result.gatewayQueueMax(),
              result.kafkaLagMax(),
              result.sparkBatchMsAvg(),
              cpu.cores(0),
              result.rssMb(),
              result.otherCpuCores());
          say("load %,d: JVM CPU by stage (cores): %s", load, cpu.stages());
          if (mails != null) {
            say(
                "load %,d: %d of %d faults mailed, fault-to-mail p50/p99/max %.0f/%.0f/%.0f ms",
                load,
                faultStarts.size() - unmailed.size(),
                faultStarts.size(),
                faultToMail.p50(),
                faultToMail.p99(),
                faultToMail.max());
          }
          if (devices.failedPublishes() > 0) {
            say(
                "load %,d: %,d device publishes refused by the client and retried, or failed",
                load, devices.failedPublishes());
          }
          return result;
        } finally {
          sampler.stop();
          spark.streams().removeListener(times);
          say("load %,d: stopping the chain ...", load);
        }
      }
    }
  }

  /** CPU seconds of each watched process at a mark, and the wall time then. */
  record ProcSnapshot(
      double[] cpuSeconds, double wallSeconds, double machineCores, Map<String, Double> stages) {
    double cores(int i) {
      return wallSeconds <= 0 || cpuSeconds[i] < 0 ? Double.NaN : cpuSeconds[i] / wallSeconds;
    }
  }

  /**
   * Samples every second: the gateway's queue depth, Kafka's lag behind the windows query (records
   * in telemetry.readings not yet read by it), and the watched processes' CPU and memory.
   */
  private static final class Sampler implements Runnable {
    private final LocalStack stack;
    private final BatchTimes times;
    private final List<Long> pids;
    private final long[] maxRss;
    final AtomicLong gatewayQueueMax = new AtomicLong();
    final AtomicLong kafkaLagMax = new AtomicLong();
    final AtomicLong kafkaEnd = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile double[] markCpu;
    private volatile long[] markMachine;
    private final ThreadCpu threadCpu = new ThreadCpu();
    private ThreadCpu.Snapshot lastThreads;
    private final Map<String, Double> stageCpuSeconds = new LinkedHashMap<>();
    private volatile long markNanos;
    private volatile boolean measuring;

    Sampler(LocalStack stack, BatchTimes times, List<Long> pids) {
      this.stack = stack;
      this.times = times;
      this.pids = pids;
      this.maxRss = new long[pids.size()];
      this.thread = new Thread(this, "bench-sampler");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void mark() {
      markCpu = cpu();
      markMachine = ProcStats.machineJiffies();
      synchronized (stageCpuSeconds) {
        lastThreads = threadCpu.snapshot();
        stageCpuSeconds.clear();
      }
      markNanos = System.nanoTime();
      measuring = true;
    }

    ProcSnapshot cpuSinceMark() {
      double[] now = cpu();
      double[] used = new double[now.length];
      for (int i = 0; i < now.length; i++) {
        used[i] = now[i] < 0 || markCpu[i] < 0 ? -1 : now[i] - markCpu[i];
      }
      long[] machine = ProcStats.machineJiffies();
      double machineCores = Double.NaN;
      if (machine != null && markMachine != null && machine[1] > markMachine[1]) {
        machineCores =
            (double) (machine[0] - markMachine[0])
                / (machine[1] - markMachine[1])
                * Runtime.getRuntime().availableProcessors();
      }
      double seconds = (System.nanoTime() - markNanos) / 1e9;
      Map<String, Double> stages = new LinkedHashMap<>();
      synchronized (stageCpuSeconds) {
        tickThreads();
        stageCpuSeconds.forEach((k, v) -> stages.put(k, v / seconds));
      }
      double inThreads = stages.values().stream().mapToDouble(Double::doubleValue).sum();
      stages.put("jvm rest", Math.max(0, used[0] / seconds - inThreads));
      return new ProcSnapshot(used, seconds, machineCores, stages);
    }

    double maxRssMb(int i) {
      synchronized (maxRss) {
        return maxRss[i] / 1024.0 / 1024.0;
      }
    }

    /**
     * Adds each thread's CPU since the last tick to its stage: sampled every second, so a thread
     * that ends (the devices' publishers, Paho clients) loses at most its last second.
     */
    private void tickThreads() {
      synchronized (stageCpuSeconds) {
        if (lastThreads == null) {
          return;
        }
        ThreadCpu.Snapshot now = threadCpu.snapshot();
        ThreadCpu.cores(lastThreads, now, 1.0)
            .forEach((k, v) -> stageCpuSeconds.merge(k, v, Double::sum));
        lastThreads = now;
      }
    }

    private double[] cpu() {
      double[] c = new double[pids.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = ProcStats.of(pids.get(i)).cpuSeconds();
      }
      return c;
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.interrupt();
      thread.join(5000);
    }

    @Override
    public void run() {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
        List<TopicPartition> parts = new ArrayList<>();
        while (running.get()) {
          try {
            if (parts.isEmpty()) {
              int n =
                  admin
                      .describeTopics(List.of(Topics.READINGS))
                      .allTopicNames()
                      .get(10, TimeUnit.SECONDS)
                      .get(Topics.READINGS)
                      .partitions()
                      .size();
              for (int p = 0; p < n; p++) {
                parts.add(new TopicPartition(Topics.READINGS, p));
              }
            }
            Map<TopicPartition, OffsetSpec> req = new LinkedHashMap<>();
            parts.forEach(tp -> req.put(tp, OffsetSpec.latest()));
            long end = 0;
            for (var e : admin.listOffsets(req).all().get(10, TimeUnit.SECONDS).values()) {
              end += e.offset();
            }
            kafkaEnd.set(end);
            if (measuring) {
              tickThreads();
              var gw = stack.gateway();
              if (gw != null) {
                gatewayQueueMax.accumulateAndGet(gw.queue().readingCount(), Math::max);
              }
              kafkaLagMax.accumulateAndGet(Math.max(0, end - times.inputRows()), Math::max);
              synchronized (maxRss) {
                for (int i = 0; i < pids.size(); i++) {
                  maxRss[i] = Math.max(maxRss[i], ProcStats.of(pids.get(i)).rssBytes());
                }
              }
            }
            Thread.sleep(1000);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            // A sample missed; the next one counts.
          }
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
