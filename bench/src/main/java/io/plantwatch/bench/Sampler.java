package io.plantwatch.bench;

import io.plantwatch.stack.LocalStack;
import io.plantwatch.telemetry.KafkaTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples every second: the gateway's queue depth, Kafka's lag behind the windows query (records in
 * telemetry.readings not yet read by it), and the watched processes' CPU and memory.
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
        }
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // A sample missed; the next one counts.
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
}
