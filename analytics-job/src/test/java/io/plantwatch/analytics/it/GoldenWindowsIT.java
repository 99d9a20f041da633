package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden test: out-of-order readings, repeats and readings behind the watermark go through
 * Kafka and the job, and every window in the sink equals the independent reference exactly.
 */
@ExtendWith(StateStoresReleased.class)
class GoldenWindowsIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();

  @TempDir Path checkpoint;

  @Test
  void everyWindowInTheSinkEqualsTheReferenceExactly() throws Exception {
    TestJobs.createTopics(kafka, sink, "golden");
    Map<String, String> settings = TestJobs.settings(kafka, sink, "golden", checkpoint);
    settings.put("plantwatch.windows", "5m/1m,10m");
    Scenario scenario = new Scenario("plant-golden", 7);
    ReferenceWindows sliding =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m");
    ReferenceWindows tumbling =
        new ReferenceWindows(
            Scenario.WATERMARK, 10 * Scenario.MINUTE, 10 * Scenario.MINUTE, "10m/10m");

    try (RunningJob job = AnalyticsJob.start(LocalSpark.session(), TestJobs.config(settings))) {
      for (List<ReferenceWindows.In> phase : scenario.phases()) {
        Readings.sendPlain(kafka, "golden.readings", phase);
        job.processAllAvailable();
        sliding.phase(phase);
        tumbling.phase(phase);
      }

      Map<ReferenceWindows.Key, ReferenceWindows.Stats> expected = new TreeMap<>();
      expected.putAll(sliding.windows());
      expected.putAll(tumbling.windows());
      // 6 series × (13 + 13 sliding windows, 1 + 1 tumbling): 08:00–08:08 and 10:00–10:08:30.
      assertThat(expected).hasSize(6 * (13 + 13 + 1 + 1));
      assertThat(sink.influxdWindows("golden", "machine_window_stats")).isEqualTo(expected);

      // 18 new readings at 08:01, 08:04, 08:07 and 6 repeats of phase A are behind the watermark.
      assertThat(sliding.lateReadings()).isEqualTo(24);
      // Both specs are computed by one query, which reads and drops each late reading once.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(job.progress().totals(AnalyticsJob.WINDOWS_QUERY).lateRowsDropped())
                      .isEqualTo(24));

      // The v2 write path: VictoriaMetrics received exactly these windows, and kept more than one
      // sample for windows that phase C updated again: influxd shows those as one point holding
      // the final value, which is the overwrite the contract relies on.
      Map<ReferenceWindows.Key, Integer> vmCounts = sink.vmSamples("plant-golden", "count");
      assertThat(vmCounts.keySet()).isEqualTo(expected.keySet());
      assertThat(vmCounts.values()).anyMatch(n -> n > 1);
    }
  }
}
