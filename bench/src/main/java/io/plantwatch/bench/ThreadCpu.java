package io.plantwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by the stage that owns them (by thread name): devices,
 * gateway, Connect, Kafka broker, Spark, sink. A thread that ended between two snapshots loses its
 * time, and the JVM's own GC and compiler threads are not Java threads: the JVM's process CPU less
 * the stages is reported as the rest.
 */
public final class ThreadCpu {
  /** Stage names, in report order. */
  public static final List<String> STAGES =
      List.of("devices", "gateway", "connect", "kafka", "spark", "sink", "other threads");

  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds and stage of every live thread, by thread id. */
  public record Snapshot(Map<Long, Long> cpuNanos, Map<Long, String> stage) {}

  public ThreadCpu() {
    if (mx.isThreadCpuTimeSupported() && !mx.isThreadCpuTimeEnabled()) {
      mx.setThreadCpuTimeEnabled(true);
    }
  }

  public Snapshot snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> stage = new HashMap<>();
    long[] ids = mx.getAllThreadIds();
    ThreadInfo[] infos = mx.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue;
      }
      long t = mx.getThreadCpuTime(ids[i]);
      if (t < 0) {
        continue;
      }
      cpu.put(ids[i], t);
      stage.put(ids[i], stageOf(infos[i].getThreadName()));
    }
    return new Snapshot(cpu, stage);
  }

  /** Cores used per stage between two snapshots {@code seconds} apart. */
  public static Map<String, Double> cores(Snapshot from, Snapshot to, double seconds) {
    Map<String, Double> out = new LinkedHashMap<>();
    STAGES.forEach(s -> out.put(s, 0.0));
    to.cpuNanos()
        .forEach(
            (id, nanos) -> {
              long used = nanos - from.cpuNanos().getOrDefault(id, 0L);
              out.merge(to.stage().get(id), used / 1e9 / seconds, Double::sum);
            });
    return out;
  }

  /** The stage a thread belongs to, by its name. */
  static String stageOf(String name) {
    if (name.startsWith("bench-devices") || name.matches("MQTT \\w+: bench-.*")) {
      return "devices";
    }
    if (name.equals("intake")
        || name.equals("forwarder")
        || name.equals("heartbeat")
        || name.startsWith("reconnect-")
        || name.matches("MQTT \\w+: plantwatch-gw.*")) {
      return "gateway";
    }
    if (name.startsWith("task-thread-")
        || name.startsWith("connector-thread-")
        || name.contains("| connector-producer")
        || name.matches("MQTT \\w+: plantwatch-ingest.*")
        || name.startsWith("SourceTaskOffsetCommitter")
        || name.startsWith("FileOffsetBackingStore")) {
      return "connect";
    }
    if (name.startsWith("Executor task")
        || name.startsWith("stream execution thread")
        || name.startsWith("block-manager")
        || name.startsWith("map-output")
        || name.startsWith("task-result-getter")
        || name.startsWith("dispatcher-")
        || name.startsWith("spark-listener")
        || name.startsWith("dag-scheduler")
        || name.startsWith("shuffle-")
        || name.startsWith("rpc-")
        || name.startsWith("netty-rpc")
        || name.startsWith("executor-")
        || name.equals("driver-heartbeater")
        || name.startsWith("heartbeat-receiver")
        || name.startsWith("state-store-maintenance")
        || name.contains("Context Cleaner")
        || name.startsWith("context-cleaner")
        || name.startsWith("element-tracking")
        || name.startsWith("RemoteBlock")
        || name.startsWith("files-client")
        || name.startsWith("kafka-fetched-data-cache")) {
      return "spark";
    }
    if (name.startsWith("data-plane-kafka")
        || name.startsWith("kafka-scheduler")
        || name.startsWith("kafka-log")
        || name.matches("kafka-\\d+-.*")
        || name.startsWith("broker-")
        || name.startsWith("controller-")
        || name.startsWith("quorum-controller")
        || name.startsWith("raft-")
        || name.startsWith("ExpirationReaper")
        || name.startsWith("group-metadata")
        || name.startsWith("transaction-log")
        || name.startsWith("TxnMarker")
        || name.startsWith("AddPartitionsToTxn")
        || name.startsWith("LogDirFailure")
        || name.equals("async-log-purge")
        || name.startsWith("kafka-cluster-test-kit")) {
      return "kafka";
    }
    if (name.startsWith("OkHttp")
        || name.startsWith("Okio")
        || name.startsWith("Rx")
        || name.startsWith("bench-sink")
        || name.equals("HTTP-Dispatcher")) {
      return "sink";
    }
    return "other threads";
  }
}
