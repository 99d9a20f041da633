package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/plantwatch bench} as a user runs it: the launcher, the module's packaged jar and its
 * {@code target/lib} classpath, in a process of its own. A short load through the whole chain must
 * come out with every published reading delivered once and every fault mailed, and the report's
 * three files written. The unit tests run on Maven's test classpath and cannot see a dependency the
 * packaged classpath lacks (session 19 lost the gateway's unit library from it that way).
 */
class BenchCommandIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "plantwatch").toAbsolutePath();

  @TempDir Path out;
  @TempDir Path logs;

  @Test
  void aShortLoadThroughTheChainDeliversEveryReadingOnceAndMailsEveryFault() throws Exception {
    Path console = logs.resolve("bench.txt");
    Process bench =
        new ProcessBuilder(
                List.of(
                    LAUNCHER.toString(),
                    "bench",
                    "--loads",
                    "1000",
                    "--duration",
                    "16s",
                    "--warmup",
                    "5s",
                    // Short alert windows, so that faults fit in a short run: each must start
                    // a window, a slide, the alerts' watermark and a trigger (10 s) before the
                    // end; one every 2 s gives three.
                    "--alert-window",
                    "4s/2s",
                    "--alert-watermark",
                    "2s",
                    "--fault-every",
                    "2s",
                    "--no-ceilings",
                    "--out",
                    out.toString()))
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    boolean ended = bench.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      // SIGTERM first: the bench's shutdown hook stops its Mosquitto processes.
      bench.destroy();
      if (!bench.waitFor(30, TimeUnit.SECONDS)) {
        bench.descendants().forEach(ProcessHandle::destroyForcibly);
        bench.destroyForcibly();
      }
    }
    String printed = Files.readString(console, StandardCharsets.UTF_8);
    assertThat(ended).as("the bench ended within 5 minutes:%n%s", printed).isTrue();
    assertThat(bench.exitValue()).as(printed).isZero();

    JsonNode load =
        new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("loads").get(0);
    assertThat(load.get("offered").asInt()).isEqualTo(1000);
    // 1,000 readings/s for 16 s.
    assertThat(load.get("published").asLong()).as("published").isBetween(15_000L, 16_000L);
    assertThat(load.get("delivered").asLong()).isEqualTo(load.get("published").asLong());
    assertThat(load.get("lost").asLong()).isZero();
    assertThat(load.get("duplicates_in_windows").asLong()).isZero();
    assertThat(load.get("drained").asBoolean()).isTrue();
    assertThat(load.get("faults").asInt()).as("faults").isEqualTo(3);
    assertThat(load.get("fault_mails").asInt()).isEqualTo(load.get("faults").asInt());
    assertThat(load.get("jvm_cpu_cores_by_stage").fieldNames())
        .toIterable()
        .contains("devices", "gateway", "connect", "kafka", "spark", "sink");
    assertThat(Files.readString(out.resolve("bench.md"), StandardCharsets.UTF_8))
        .contains("| 1,000 |");
    assertThat(Files.size(out.resolve("latency.png"))).isPositive();
  }
}
