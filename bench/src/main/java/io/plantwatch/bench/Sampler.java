package io.plantwatch.bench;

import io.plantwatch.stack.LocalStack;
import io.plantwatch.telemetry.KafkaTopics;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples every second: the gateway's queue depth, Kafka's lag behind the windows query (records in
 * telemetry.readings not yet read by it), and the watched processes' CPU and memory; and once a
 * minute of the measured period a {@link SoakMinute}.
 */
final class Sampler implements Runnable {
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
  private final List<SoakMinute> minutes = new ArrayList<>();
  private volatile LongSupplier published = () -> 0;
  private long minuteNanos;
  private long minutePublished;
  private long minuteRead;
  private long minuteStartMs;

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

  /**
   * Marks the start of the measured period; {@code publishedSoFar} counts the readings the devices
   * have had acknowledged, for the per-minute rows.
   */
  void mark(LongSupplier publishedSoFar) {
    published = publishedSoFar;
    synchronized (minutes) {
      minutes.clear();
      minuteNanos = System.nanoTime();
      minutePublished = publishedSoFar.getAsLong();
      minuteRead = times.inputRows();
      minuteStartMs = System.currentTimeMillis();
    }
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

  /** The minutes of the measured period sampled so far. */
  List<SoakMinute> minutes() {
    synchronized (minutes) {
      return List.copyOf(minutes);
    }
  }

  /** Ends the measured period's minutes: no more rows after this. */
  void endMinutes() {
    measuring = false;
  }

  double maxRssMb(int i) {
    synchronized (maxRss) {
      return maxRss[i] / 1024.0 / 1024.0;
    }
  }

  /**
   * Adds each thread's CPU since the last tick to its stage: sampled every second, so a thread that
   * ends (the devices' publishers, Paho clients) loses at most its last second.
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
    while (running.get()) {
      try {
        long end = stack.endOffsets(KafkaTopics.READINGS);
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
          minuteIfDue(end);
        }
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // A sample missed; the next one counts.
      }
    }
  }

  private void minuteIfDue(long kafkaEndNow) {
    synchronized (minutes) {
      long now = System.nanoTime();
      if (now - minuteNanos < 60_000_000_000L) {
        return;
      }
      double seconds = (now - minuteNanos) / 1e9;
      long publishedNow = published.getAsLong();
      long readNow = times.inputRows();
      java.util.LongSummaryStatistics batches =
          times.nonEmptySince(minuteStartMs).stream()
              .mapToLong(BatchTimes.Batch::durationMs)
              .summaryStatistics();
      long stateRows = 0;
      long stateBytes = 0;
      var job = stack.job();
      if (job != null) {
        for (var q : job.queries()) {
          var last = q.name() == null ? null : job.progress().last(q.name());
          if (last != null) {
            stateRows += last.stateRows();
            stateBytes += last.stateMemoryBytes();
          }
        }
      }
      List<Double> rss = new ArrayList<>();
      for (long pid : pids) {
        rss.add(ProcStats.of(pid).rssBytes() / 1024.0 / 1024.0);
      }
      var gw = stack.gateway();
      minutes.add(
          new SoakMinute(
              minutes.size() + 1,
              (publishedNow - minutePublished) / seconds,
              (readNow - minuteRead) / seconds,
              batches.getCount() == 0 ? Double.NaN : batches.getAverage(),
              batches.getCount() == 0 ? Double.NaN : batches.getMax(),
              stateRows,
              stateBytes / 1024.0 / 1024.0,
              Math.max(0, kafkaEndNow - readNow),
              gw == null ? 0 : gw.queue().readingCount(),
              ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0,
              rss));
      minuteNanos = now;
      minutePublished = publishedNow;
      minuteRead = readNow;
      minuteStartMs = System.currentTimeMillis();
    }
  }

  /** CPU seconds of each watched process at a mark, and the wall time then. */
  record ProcSnapshot(
      double[] cpuSeconds, double wallSeconds, double machineCores, Map<String, Double> stages) {
    double cores(int i) {
      return wallSeconds <= 0 || cpuSeconds[i] < 0 ? Double.NaN : cpuSeconds[i] / wallSeconds;
    }
  }
}
