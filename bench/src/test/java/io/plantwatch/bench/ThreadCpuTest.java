package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void threadsAreGroupedByTheStageThatNamesThem() {
    assertThat(ThreadCpu.stageOf("MQTT Rec: bench-bench-0-123")).isEqualTo("devices");
    assertThat(ThreadCpu.stageOf("intake")).isEqualTo("gateway");
    assertThat(ThreadCpu.stageOf("MQTT Call: plantwatch-gw1-site")).isEqualTo("gateway");
    assertThat(ThreadCpu.stageOf("task-thread-plantwatch-ingest-0")).isEqualTo("connect");
    assertThat(
            ThreadCpu.stageOf(
                "kafka-producer-network-thread | connector-producer-plantwatch-ingest-0"))
        .isEqualTo("connect");
    assertThat(ThreadCpu.stageOf("MQTT Snd: plantwatch-ingest-1")).isEqualTo("connect");
    assertThat(ThreadCpu.stageOf("data-plane-kafka-request-handler-3")).isEqualTo("kafka");
    assertThat(ThreadCpu.stageOf("kafka-0-raft-io-thread")).isEqualTo("kafka");
    assertThat(ThreadCpu.stageOf("Executor task launch worker for task 1.0 in stage 3.0 (TID 7)"))
        .isEqualTo("spark");
    assertThat(ThreadCpu.stageOf("OkHttp TaskRunner")).isEqualTo("sink");
    assertThat(ThreadCpu.stageOf("main")).isEqualTo("other threads");
  }

  @Test
  void coresAreCpuTimeOverWallTimeAndNewThreadsCountFromZero() {
    ThreadCpu.Snapshot from =
        new ThreadCpu.Snapshot(Map.of(1L, 1_000_000_000L), Map.of(1L, "spark"));
    ThreadCpu.Snapshot to =
        new ThreadCpu.Snapshot(
            Map.of(1L, 3_000_000_000L, 2L, 1_000_000_000L), Map.of(1L, "spark", 2L, "kafka"));
    Map<String, Double> c = ThreadCpu.cores(from, to, 4.0);
    assertThat(c.get("spark")).isEqualTo(0.5);
    assertThat(c.get("kafka")).isEqualTo(0.25);
    assertThat(c.get("gateway")).isEqualTo(0.0);
    assertThat(c.keySet()).startsWith("devices", "gateway", "connect");
  }
}
