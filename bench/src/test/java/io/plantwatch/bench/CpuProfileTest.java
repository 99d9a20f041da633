package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProfileTest {

  @Test
  void ourCodeIsAttributedByItsPackageWhereverItIsOnTheStack() {
    // The computed topics write JSON with Jackson: that is the topics' cost, not parsing.
    assertThat(
            CpuProfile.stage(
                List.of(
                    "com.fasterxml.jackson.core.json.UTF8JsonGenerator",
                    "com.fasterxml.jackson.databind.ObjectMapper",
                    "io.plantwatch.analytics.topics.WindowRecords",
                    "org.apache.spark.sql.execution.streaming.sources.ForeachBatchSink",
                    "java.lang.Thread")))
        .isEqualTo("computed topics (windows, health)");
    assertThat(
            CpuProfile.stage(
                List.of(
                    "java.util.regex.Pattern$CharProperty",
                    "io.plantwatch.analytics.source.ReadingParser",
                    "org.apache.spark.sql.catalyst.expressions.GeneratedClass")))
        .isEqualTo("parse and validate (ReadingParser)");
  }

  @Test
  void theirCodeIsAttributedByTheOperatorOnItsStack() {
    // The byte comparisons of a sort are the sort's, though the comparison is the deepest frame.
    assertThat(
            CpuProfile.stage(
                List.of(
                    "org.apache.spark.unsafe.types.ByteArray",
                    "org.apache.spark.util.collection.unsafe.sort.UnsafeInMemorySorter",
                    "org.apache.spark.sql.execution.UnsafeExternalRowSorter",
                    "org.apache.spark.sql.catalyst.expressions.GeneratedClass")))
        .isEqualTo("sorting");
    assertThat(
            CpuProfile.stage(
                List.of(
                    "java.util.HashMap",
                    "org.rocksdb.RocksDB",
                    "org.apache.spark.sql.execution.streaming.state.RocksDB",
                    "org.apache.spark.sql.catalyst.expressions.GeneratedClass")))
        .isEqualTo("state store (RocksDB)");
    assertThat(
            CpuProfile.stage(
                List.of(
                    "com.fasterxml.jackson.core.json.UTF8StreamJsonParser",
                    "org.apache.spark.sql.catalyst.json.JacksonParser",
                    "org.apache.spark.sql.catalyst.expressions.GeneratedClass")))
        .isEqualTo("parse JSON (from_json)");
    assertThat(CpuProfile.stage(List.of("java.lang.String", "java.lang.Thread")))
        .isEqualTo("JDK and other libraries");
  }

  @Test
  void threadsAreGroupedWithoutTheirNumbersAndQueriesKeepTheirNames() {
    assertThat(
            CpuProfile.threadGroup(
                "stream execution thread for plantwatch-windows [id = 5, runId = 7]"))
        .isEqualTo("micro-batch thread of plantwatch-windows");
    assertThat(
            CpuProfile.threadGroup(
                "Executor task launch worker for task 12.0 in stage 3.0 (TID 45)"))
        .isEqualTo("Spark task threads");
    assertThat(CpuProfile.threadGroup("Executor task idle worker 3"))
        .isEqualTo("Spark task threads");
    assertThat(CpuProfile.threadGroup("kafka-producer-network-thread | producer-12"))
        .isEqualTo("kafka-producer-network-thread | producer-#");
  }

  @Test
  void aRecordingOfThisJvmFindsTheSamplesOfABusyThread(@TempDir Path dir) throws Exception {
    // JFR drops a sample whose stack it cannot walk, and a thread caught in one tight compiled loop
    // can give none for a whole short recording (1 run in 4 here): the thread does varied work,
    // and up to three recordings are made (the bench's are minutes of varied work).
    CpuProfile.Breakdown b = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      b = recordBusyThread(dir.resolve("p" + attempt + ".jfr"));
      if (b.byThread().containsKey("busy-worker-#")) {
        break;
      }
    }
    assertThat(b.samples()).isPositive();
    assertThat(b.byThread()).containsKey("busy-worker-#");
    assertThat(b.markdown("test")).contains("| busy-worker-# |").contains("| stage | samples |");
  }

  private static CpuProfile.Breakdown recordBusyThread(Path file) throws Exception {
    CpuProfile profile = CpuProfile.start(file);
    Thread busy =
        new Thread(
            () -> {
              long end = System.nanoTime() + 1_500_000_000L;
              java.util.Map<String, Double> seen = new java.util.HashMap<>();
              double x = 0;
              for (int i = 0; System.nanoTime() < end; i++) {
                x += Math.sqrt(x + 1);
                seen.merge(Integer.toString(i % 1000), x, Double::sum);
              }
              if (seen.isEmpty()) {
                System.out.println(x);
              }
            },
            "busy-worker-42");
    busy.start();
    busy.join();
    return profile.stop();
  }
}
