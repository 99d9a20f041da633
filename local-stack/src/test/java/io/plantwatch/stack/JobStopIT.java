package io.plantwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/plantwatch job} as a deployment runs it, in its own process against a real Kafka and
 * influxd: its log is plantwatch's lines and Spark's warnings, not Spark's INFO stream, and SIGTERM
 * stops its queries before Spark stops its context: no ERROR, no stack trace.
 */
class JobStopIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "plantwatch").toAbsolutePath();

  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final InfluxdServer influxd = new InfluxdServer();

  @TempDir Path dir;

  @Test
  void sigtermStopsTheQueriesFirstAndTheLogHoldsNoErrorAndNoSparkInfo() throws Exception {
    kafka.createTopic(KafkaTopics.READINGS, 2);
    kafka.createTopic(KafkaTopics.REJECTED, 1);
    influxd.createDatabase("plantwatch");
    Path log = dir.resolve("job.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                LAUNCHER.toString(),
                "job",
                "--conf",
                JobConfig.KAFKA_BOOTSTRAP.name() + "=" + kafka.bootstrapServers(),
                "--conf",
                JobConfig.CHECKPOINT.name() + "=" + dir.resolve("checkpoint"),
                "--conf",
                JobConfig.TRIGGER.name() + "=1s",
                "--conf",
                JobConfig.INFLUX_URL.name() + "=" + influxd.baseUrl(),
                "--conf",
                JobConfig.ALERTS_RULES.name() + "=example",
                "--conf",
                JobConfig.MAIL_OUTBOX.name() + "=" + dir.resolve("outbox")));
    Process job =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Readings arrive while the job runs, as in production: SIGTERM comes once the windows query
    // has worked three batches of them.
    BatchCodec codec = new BatchCodec();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
      for (int i = 0; System.nanoTime() < deadline; i++) {
        String seen = Files.readString(log, StandardCharsets.UTF_8);
        if (seen.contains("query=plantwatch-windows batch=2 ")) {
          break;
        }
        assertThat(job.isAlive()).as(seen).isTrue();
        long now = System.currentTimeMillis();
        producer.send(
            new ProducerRecord<>(
                KafkaTopics.READINGS,
                "press-1".getBytes(StandardCharsets.UTF_8),
                codec.encodeReading(
                    new Reading(
                        "gw-1-" + i,
                        "site",
                        "line",
                        "press-1",
                        "temperature",
                        "degC",
                        60.0,
                        now,
                        "gw-1",
                        now))));
        producer.flush();
        Thread.sleep(500);
      }
    }
    job.destroy(); // SIGTERM
    assertThat(job.waitFor(90, TimeUnit.SECONDS)).as("the job stopped").isTrue();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(lines).as("progress lines").anyMatch(l -> l.contains("query=plantwatch-windows "));
    assertThat(lines).as("queries stopped").anyMatch(l -> l.contains(" stopped"));
    assertThat(lines).as("ERROR lines").noneMatch(l -> l.contains(" ERROR "));
    assertThat(lines).as("Spark's own logging").noneMatch(l -> l.contains("default log4j profile"));
    assertThat(lines).as("stack traces").noneMatch(l -> l.startsWith("\tat "));
    assertThat(lines)
        .as("Spark's INFO lines")
        .noneMatch(l -> l.contains(" INFO  [") && l.contains("org.apache.spark"));
    assertThat(lines.size()).as("a quiet log: " + String.join("\n", lines)).isLessThan(400);
  }
}
