package io.plantwatch.bench;

import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.devices.load.LoadGenerator;
import io.plantwatch.stack.PlantwatchRun;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bin/plantwatch bench}: the whole chain on real components at given offered loads, and the
 * ceilings of its stages alone, measured in the same run on the same machine.
 */
@Command(
    name = "plantwatch bench",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
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
  @Mixin BenchOptions options;

  private final PrintStream stdout;
  private final Progress progress;

  public PlantwatchBench() {
    this(System.out, System.err);
  }

  PlantwatchBench(PrintStream stdout, PrintStream progress) {
    this.stdout = stdout;
    this.progress = new Progress(progress);
  }

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new PlantwatchBench());
    // One line saying what is wrong, as every plantwatch command does.
    cl.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine()
              .getErr()
              .println("plantwatch bench: " + e.getMessage() + " (see --help)");
          return 2;
        });
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

  @Override
  public Integer call() throws Exception {
    BenchOptions o = options;
    if (o.metrics < 1
        || o.rate <= 0
        || o.loads.isEmpty()
        || o.loads.stream().anyMatch(l -> l < 1)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--loads, --metrics and --rate must be positive");
    }
    Path out = o.out.toAbsolutePath().normalize();
    Files.createDirectories(out);
    Path logFile = out.resolve("plantwatch.log");
    // Before the first logger exists: every component logs to this file.
    System.setProperty("plantwatch.log.file", logFile.toString());
    progress.say("log: %s", logFile);
    List<String> metricNames = LoadGenerator.metricNames(o.metrics);
    WindowSpec spec = o.measuredWindow();

    Map<String, BenchReport.Ceiling> ceilings = new LinkedHashMap<>();
    List<BenchReport.Load> results = new ArrayList<>();
    if (!o.noCeilings) {
      ceilings.putAll(new Ceilings(o, metricNames, out, progress).measure());
      write(out, report(ceilings, results, metricNames, spec));
    }
    if (!o.ceilingsOnly) {
      LoadRun loads = new LoadRun(o, metricNames, out, progress);
      for (long load : o.loads) {
        results.add(loads.run(load));
        write(out, report(ceilings, results, metricNames, spec));
      }
    }
    BenchReport report = report(ceilings, results, metricNames, spec);
    write(out, report);
    stdout.println(o.json ? ReportWriter.json(report) : ReportWriter.markdown(report));
    progress.say(
        "wrote %s, %s, %s",
        out.resolve("bench.json"), out.resolve("bench.md"), out.resolve("latency.png"));
    return 0;
  }

  private BenchReport report(
      Map<String, BenchReport.Ceiling> ceilings,
      List<BenchReport.Load> results,
      List<String> metricNames,
      WindowSpec spec) {
    return new BenchReport(
        ProcStats.machine(), options.describe(metricNames, spec), ceilings, results);
  }

  private static void write(Path out, BenchReport report) throws Exception {
    Files.writeString(out.resolve("bench.json"), ReportWriter.json(report) + "\n");
    Files.writeString(
        out.resolve("bench.md"),
        "# plantwatch bench\n\n" + ReportWriter.markdown(report),
        StandardCharsets.UTF_8);
    LatencyChart.write(report, out.resolve("latency.png"));
  }
}
