package io.plantwatch.bench;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.devices.load.LoadGenerator;
import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.stack.Folders;
import io.plantwatch.stack.LocalStack;
import io.plantwatch.stack.StackSettings;
import io.plantwatch.telemetry.DurationText;
import io.plantwatch.telemetry.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * One offered load through the whole chain: start it on fresh brokers and sink, warm it up, publish
 * for the measured time, drain, and turn what the devices sent and the sink received into the
 * load's figures.
 */
final class LoadRun {
  private final BenchOptions o;
  private final List<String> metricNames;
  private final WindowSpec spec;
  private final Path out;
  private final Progress progress;

  LoadRun(BenchOptions o, List<String> metricNames, Path out, Progress progress) {
    this.o = o;
    this.metricNames = metricNames;
    this.spec = o.measuredWindow();
    this.out = out;
    this.progress = progress;
  }

  /** What the devices did during the measured period. */
  private record Published(
      LoadGenerator devices,
      RunningAccount account,
      long startMs,
      long endMs,
      Sampler.ProcSnapshot cpu) {}

  BenchReport.Load run(long load) throws Exception {
    Path dir = out.resolve("load-" + load);
    Folders.deleteRecursively(dir);
    Files.createDirectories(dir);
    int machines = o.machines(load);
    progress.say(
        "load %,d readings/s: %d machines × %d metrics × %s/s, starting the chain ...",
        load, machines, o.metrics, BenchOptions.fmt(o.rate));
    try (MosquittoProcess site = MosquittoProcess.start(dir.resolve("mqtt-site"), o.mosquittoConf);
        MosquittoProcess uplink =
            MosquittoProcess.start(dir.resolve("mqtt-uplink"), o.mosquittoConf);
        WindowSink sink = WindowSink.start("bench");
        FaultMails mails = o.faultsOn() ? FaultMails.start() : null) {
      long began = System.nanoTime();
      try (LocalStack stack = LocalStack.start(settings(dir, site, uplink, sink, mails))) {
        progress.say("load %,d: chain up in %.0f s", load, (System.nanoTime() - began) / 1e9);
        BatchTimes times = new BatchTimes(AnalyticsJob.WINDOWS_QUERY);
        SparkSession spark = stack.job().queries().get(0).sparkSession();
        spark.streams().addListener(times);
        Sampler sampler =
            new Sampler(
                stack, times, List.of(ProcessHandle.current().pid(), site.pid(), uplink.pid()));
        sampler.start();
        try {
          warmUp(load, machines, site, stack, times, sampler);
          Published published = publish(load, machines, site, mails, sampler, sink, times);
          DeliveredReadings.Result delivered;
          try (RunningAccount account = published.account()) {
            delivered = drain(account);
          }
          sampler.stop();
          boolean idle =
              stack.gateway().queue().readingCount() == 0
                  && sampler.kafkaEnd.get() <= times.inputRows();
          if (delivered.lost() > 0) {
            progress.say(
                "load %,d: %,d readings not in the windows at the end of the drain (%s)",
                load,
                delivered.lost(),
                idle ? "the chain is idle: lost" : "still on their way: not drained");
          }
          FaultTimes faults = faultTimes(load, published.devices(), mails);
          BenchReport.Load result =
              result(load, published, delivered, faults, times, sampler, idle);
          report(load, result, published, faults);
          return result;
        } finally {
          sampler.stop();
          spark.streams().removeListener(times);
          progress.say("load %,d: stopping the chain ...", load);
        }
      }
    }
  }

  private StackSettings settings(
      Path dir, MosquittoProcess site, MosquittoProcess uplink, WindowSink sink, FaultMails mails)
      throws java.io.IOException {
    Map<String, String> job = o.jobConf();
    if (mails != null) {
      job.putAll(
          mails.jobSettings(
              dir,
              o.alertWindow,
              DurationText.parse(o.alertWatermark).toMillis(),
              500,
              KafkaTopics.ALERTS));
    }
    Map<String, String> gateway = new LinkedHashMap<>();
    gateway.put(
        ConfigLoader.environmentName("uplink.batchMaxReadings"),
        Integer.toString(o.batchMaxReadings));
    gateway.put(ConfigLoader.environmentName("uplink.batchLinger"), o.batchLinger);
    gateway.put(
        ConfigLoader.environmentName("uplink.maxInFlight"), Integer.toString(o.uplinkInFlight));
    return StackSettings.in(dir)
        .brokers(site.uri(), 0, uplink.uri(), 0)
        .connectorTasks(o.chain.connectorTasks())
        .partitions(o.chain.partitions())
        .windows(
            o.chain.windows(),
            DurationText.parse(o.chain.watermark()),
            DurationText.parse(o.chain.trigger()))
        .influx(StackSettings.Influx.v2(sink.url(), "bench", "plantwatch", "plantwatch"))
        .jobConf(job)
        .gatewayOverrides(gateway)
        .view(o.view ? 0 : null)
        .build();
  }

  /**
   * Spark's first batches (class loading, JIT, state stores) take tens of seconds on two cores: the
   * warm-up's readings, from another site, must all be through before the measured period begins.
   */
  private void warmUp(
      long load,
      int machines,
      MosquittoProcess site,
      LocalStack stack,
      BatchTimes times,
      Sampler sampler)
      throws Exception {
    long warmupMs = o.warmupMs();
    if (warmupMs <= 0) {
      return;
    }
    progress.say("load %,d: warm-up %d s ...", load, warmupMs / 1000);
    new LoadGenerator(
            site.uri(), "warmup", machines, metricNames, o.rate, o.connections, o.inFlight)
        .run(warmupMs);
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long warmed = machines * (long) o.metrics * (long) (warmupMs / 1000.0 * o.rate) * 9 / 10;
    while (System.nanoTime() < warmEnd
        && (sampler.kafkaEnd.get() < warmed
            || sampler.kafkaEnd.get() > times.inputRows()
            || stack.gateway().queue().readingCount() > 0)) {
      Thread.sleep(500);
    }
    progress.say(
        "load %,d: warm-up through (%,d records in Kafka, %,d read by the job)",
        load, sampler.kafkaEnd.get(), times.inputRows());
  }

  private Published publish(
      long load,
      int machines,
      MosquittoProcess site,
      FaultMails mails,
      Sampler sampler,
      WindowSink sink,
      BatchTimes times)
      throws Exception {
    long durationMs = o.durationMs();
    progress.say("load %,d: measuring %d s ...", load, durationMs / 1000);
    LoadGenerator devices =
        new LoadGenerator(
                site.uri(), "bench", machines, metricNames, o.rate, o.connections, o.inFlight)
            .faultEvery(
                mails == null ? 0 : o.faultEveryMs(),
                // the last fault comes at least an alert window and a watermark before the end, so
                // its mail is due while the chain still runs at this load
                o.alertWindowAndWatermarkMs());
    CpuProfile profile =
        o.profile ? CpuProfile.start(out.resolve("profile-load-" + load + ".jfr")) : null;
    sampler.mark(devices::readingsAcknowledged);
    long startMs = System.currentTimeMillis();
    RunningAccount account =
        new RunningAccount(
            devices,
            sink,
            times,
            spec.length().toMillis(),
            spec.slide().toMillis(),
            metricNames,
            startMs,
            durationMs);
    try {
      devices.run(durationMs);
    } catch (Exception | Error e) {
      account.close();
      throw e;
    }
    long endMs = System.currentTimeMillis();
    progress.say("load %,d: delivery account: %s", load, account.held());
    sampler.endMinutes();
    if (profile != null) {
      CpuProfile.Breakdown b = profile.stop();
      java.nio.file.Files.writeString(
          out.resolve("profile-load-" + load + ".md"),
          b.markdown(String.format("the chain at %,d readings/s offered", load)));
      progress.say("load %,d: CPU samples by stage: %s", load, b.top(6));
    }
    return new Published(devices, account, startMs, endMs, sampler.cpuSinceMark());
  }

  /** Until every reading is in the windows, or no progress for 30 s, or --drain. */
  private DeliveredReadings.Result drain(RunningAccount account) throws InterruptedException {
    long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(o.drainMs());
    long lastLost = Long.MAX_VALUE;
    long lastProgress = System.nanoTime();
    while (true) {
      DeliveredReadings.Result d = account.result();
      if (d.lost() == 0 || System.nanoTime() > drainEnd) {
        return d;
      }
      if (d.lost() < lastLost) {
        lastLost = d.lost();
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(30)) {
        return d;
      }
      Thread.sleep(1000);
    }
  }

  /** Each fault's time to its FIRING mail, and the faults that got none. */
  private record FaultTimes(int faults, List<String> unmailed, Percentiles.Summary toMail) {}

  private FaultTimes faultTimes(long load, LoadGenerator devices, FaultMails mails)
      throws InterruptedException {
    Map<String, Long> faultStarts = devices.faultStarts();
    List<String> unmailed = new ArrayList<>();
    if (mails == null) {
      return new FaultTimes(faultStarts.size(), unmailed, Percentiles.summarize(new long[0]));
    }
    mails.await(faultStarts.keySet(), 30_000);
    Percentiles.Summary toMail =
        Percentiles.summarize(
            mails.latenciesMs(faultStarts, unmailed).stream()
                .mapToLong(Double::longValue)
                .toArray());
    if (!unmailed.isEmpty()) {
      progress.say("load %,d: no FIRING mail for the faults of %s", load, unmailed);
    }
    return new FaultTimes(faultStarts.size(), unmailed, toMail);
  }

  private BenchReport.Load result(
      long load,
      Published published,
      DeliveredReadings.Result d,
      FaultTimes faults,
      BatchTimes times,
      Sampler sampler,
      boolean idle) {
    Percentiles.Summary lat = d.latencyMs();
    List<BatchTimes.Batch> batches = times.nonEmptySince(published.startMs());
    double batchAvg =
        batches.stream().mapToLong(BatchTimes.Batch::durationMs).average().orElse(Double.NaN);
    double batchMax = batches.stream().mapToLong(BatchTimes.Batch::durationMs).max().orElse(-1);
    double publishSeconds = (published.endMs() - published.startMs()) / 1000.0;
    Sampler.ProcSnapshot cpu = published.cpu();
    List<BenchReport.Process> procs =
        List.of(
            new BenchReport.Process("jvm", cpu.cores(0), sampler.maxRssMb(0)),
            new BenchReport.Process("mosquitto-site", cpu.cores(1), sampler.maxRssMb(1)),
            new BenchReport.Process("mosquitto-uplink", cpu.cores(2), sampler.maxRssMb(2)));
    return new BenchReport.Load(
        load,
        published.devices().readingsAcknowledged() / publishSeconds,
        d.published(),
        d.delivered(),
        d.deliveredPerSecond(published.endMs() - published.startMs()),
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
        o.triggerMs(),
        procs,
        Math.max(0, cpu.machineCores() - cpu.cores(0) - cpu.cores(1) - cpu.cores(2)),
        d.lost() == 0 || idle,
        cpu.stages(),
        faults.faults(),
        faults.faults() - faults.unmailed().size(),
        faults.toMail(),
        sampler.minutes());
  }

  private void report(long load, BenchReport.Load result, Published published, FaultTimes faults) {
    Sampler.ProcSnapshot cpu = published.cpu();
    progress.say(
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
    progress.say("load %,d: JVM CPU by stage (cores): %s", load, cpu.stages());
    if (o.faultsOn()) {
      progress.say(
          "load %,d: %d of %d faults mailed, fault-to-mail p50/p99/max %.0f/%.0f/%.0f ms",
          load,
          faults.faults() - faults.unmailed().size(),
          faults.faults(),
          faults.toMail().p50(),
          faults.toMail().p99(),
          faults.toMail().max());
    }
    if (!result.minutes().isEmpty()) {
      List<SoakMinute> m = result.minutes();
      progress.say(
          "load %,d: %d minutes; over the last %d minutes against the %d before: RSS %s, batch"
              + " time %s, state rows %s; RSS in the last minute %.0f MB",
          load,
          m.size(),
          SoakMinute.growthSpan(m),
          SoakMinute.growthSpan(m),
          ReportWriter.percent(SoakMinute.growth(m, SoakMinute::rssTotalMb)),
          ReportWriter.percent(SoakMinute.growth(m, SoakMinute::batchMsAvg)),
          ReportWriter.percent(SoakMinute.growth(m, x -> x.stateRows())),
          m.get(m.size() - 1).rssTotalMb());
    }
    if (published.devices().failedPublishes() > 0) {
      progress.say(
          "load %,d: %,d device publishes refused by the client and retried, or failed",
          load, published.devices().failedPublishes());
    }
  }
}
