package io.plantwatch.analytics.it;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Job configuration for the integration tests: one topic pair and bucket per test. */
public final class TestJobs {
  private TestJobs() {}

  public static Map<String, String> settings(
      KafkaCluster kafka, SinkServers sink, String name, Path checkpoint) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("plantwatch.kafka.bootstrap", kafka.bootstrapServers());
    c.put("plantwatch.kafka.topic", name + ".readings");
    c.put("plantwatch.rejected.topic", name + ".rejected");
    c.put("plantwatch.checkpoint", checkpoint.toString());
    c.put("plantwatch.trigger", "500ms");
    c.put("plantwatch.alerts.trigger", "500ms");
    c.put("plantwatch.watermark", "10m");
    c.put("plantwatch.influx.url", sink.url());
    // The v2 write path, into VictoriaMetrics and (through the front) influxd; InfluxV1SinkIT
    // tests v1 against influxd directly.
    c.put("plantwatch.influx.api", "v2");
    c.put("plantwatch.influx.bucket", name);
    c.put("plantwatch.influx.token", "test-token");
    c.put("plantwatch.influx.retry.initialBackoff", "200ms");
    c.put("plantwatch.influx.retry.maxBackoff", "2s");
    return c;
  }

  public static void createTopics(KafkaCluster kafka, SinkServers sink, String name)
      throws Exception {
    kafka.createTopic(name + ".readings", 2);
    kafka.createTopic(name + ".rejected", 1);
    sink.createBucket(name);
  }

  public static JobConfig config(Map<String, String> settings) {
    return JobConfig.from(settings);
  }
}
