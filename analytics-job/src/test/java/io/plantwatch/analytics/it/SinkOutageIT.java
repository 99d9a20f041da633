package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.influx.SinkWriteException;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** InfluxDB going away never costs a window: writes wait, or the batch fails and is replayed. */
@ExtendWith(StateStoresReleased.class)
class SinkOutageIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();

  @TempDir Path checkpoint;

  private static final String QUERY = AnalyticsJob.WINDOWS_QUERY;

  @Test
  void aTwentySecondOutageIsRiddenOutByRetriesWithNoWindowMissingOrWrong() throws Exception {
    Scenario scenario = new Scenario("plant-outage", 13);
    TestJobs.createTopics(kafka, sink, "outage");
    Map<String, String> settings = TestJobs.settings(kafka, sink, "outage", checkpoint);
    // Up to 40 attempts 200 ms to 2 s apart: about 70 s of patience.
    settings.put("plantwatch.influx.retry.maxAttempts", "40");

    try (RunningJob job = AnalyticsJob.start(LocalSpark.session(), TestJobs.config(settings))) {
      Readings.sendPlain(kafka, "outage.readings", scenario.phaseA);
      job.processAllAvailable();
      StreamingQuery windows = job.query(QUERY);
      long lastBatchBeforeOutage = windows.lastProgress().batchId();

      sink.stop();
      Readings.sendPlain(kafka, "outage.readings", scenario.phaseB);
      // The outage itself: 20 s with InfluxDB (and the proxy before it) refusing connections.
      Thread.sleep(20_000);
      // Nothing was acknowledged while nothing could be written.
      assertThat(windows.lastProgress().batchId()).isEqualTo(lastBatchBeforeOutage);
      assertThat(windows.isActive()).isTrue();
      sink.start();

      job.processAllAvailable();
      Readings.sendPlain(kafka, "outage.readings", scenario.phaseC);
      job.processAllAvailable();
    }

    assertThat(sink.influxdWindows("outage", "machine_window_stats"))
        .isEqualTo(reference(scenario).windows());
  }

  @Test
  void aSinkThatStaysDownFailsTheBatchWhichTheRestartedJobReplays() throws Exception {
    Scenario scenario = new Scenario("plant-down", 17);
    TestJobs.createTopics(kafka, sink, "down");
    Map<String, String> settings = TestJobs.settings(kafka, sink, "down", checkpoint);
    settings.put("plantwatch.influx.retry.maxAttempts", "3");
    settings.put("plantwatch.influx.retry.initialBackoff", "100ms");

    RunningJob first = AnalyticsJob.start(LocalSpark.session(), TestJobs.config(settings));
    Readings.sendPlain(kafka, "down.readings", scenario.phaseA);
    first.processAllAvailable();
    sink.stop();
    Readings.sendPlain(kafka, "down.readings", scenario.phaseB);
    StreamingQuery windows = first.query(QUERY);
    assertThatThrownBy(() -> windows.awaitTermination(120_000))
        .hasStackTraceContaining(SinkWriteException.class.getName())
        .hasStackTraceContaining("did not take");
    first.stop();
    sink.start();

    try (RunningJob second = AnalyticsJob.start(LocalSpark.session(), TestJobs.config(settings))) {
      second.processAllAvailable();
      Readings.sendPlain(kafka, "down.readings", scenario.phaseC);
      second.processAllAvailable();
    }

    assertThat(sink.influxdWindows("down", "machine_window_stats"))
        .isEqualTo(reference(scenario).windows());
  }

  private static ReferenceWindows reference(Scenario scenario) {
    ReferenceWindows reference =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m");
    scenario.phases().forEach(reference::phase);
    return reference;
  }
}
