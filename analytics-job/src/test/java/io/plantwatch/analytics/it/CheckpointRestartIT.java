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
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A job stopped in the middle of a backlog and restarted from its checkpoint loses nothing. */
@ExtendWith(StateStoresReleased.class)
class CheckpointRestartIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();

  @TempDir Path straightCheckpoint;
  @TempDir Path restartedCheckpoint;

  private static final String QUERY = AnalyticsJob.WINDOWS_QUERY;

  @Test
  void aJobKilledMidStreamAndRestartedWritesWhatAnUninterruptedRunWrites() throws Exception {
    Scenario scenario = new Scenario("plant-restart", 11);

    TestJobs.createTopics(kafka, sink, "straight");
    try (RunningJob job =
        AnalyticsJob.start(LocalSpark.session(), config("straight", straightCheckpoint))) {
      for (List<ReferenceWindows.In> phase : scenario.phases()) {
        Readings.sendPlain(kafka, "straight.readings", phase);
        job.processAllAvailable();
      }
    }

    TestJobs.createTopics(kafka, sink, "restarted");
    RunningJob first =
        AnalyticsJob.start(LocalSpark.session(), config("restarted", restartedCheckpoint));
    Readings.sendPlain(kafka, "restarted.readings", scenario.phaseA);
    first.processAllAvailable();
    Readings.sendPlain(kafka, "restarted.readings", scenario.phaseB);
    // Stop while phase B is being worked off 30 records a batch: some of its batches committed,
    // one probably interrupted half-way, the rest not started.
    StreamingQuery windows = first.query(QUERY);
    long batchesBeforeB = windows.lastProgress().batchId();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> windows.lastProgress().batchId() >= batchesBeforeB + 2);
    // Spark's own stop interrupts the batch under way, as a crash would; RunningJob.stop would
    // wait for a pause between batches, which a backlog may not leave before it is worked off.
    for (StreamingQuery q : first.queries()) {
      q.stop();
    }
    first.stop();
    long processed = first.progress().totals(QUERY).inputRows();
    assertThat(processed).isLessThan(scenario.phaseA.size() + scenario.phaseB.size());

    try (RunningJob second =
        AnalyticsJob.start(LocalSpark.session(), config("restarted", restartedCheckpoint))) {
      second.processAllAvailable();
      Readings.sendPlain(kafka, "restarted.readings", scenario.phaseC);
      second.processAllAvailable();
    }

    ReferenceWindows reference =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m");
    scenario.phases().forEach(reference::phase);
    var straight = sink.influxdWindows("straight", "machine_window_stats");
    var restarted = sink.influxdWindows("restarted", "machine_window_stats");
    assertThat(restarted).isEqualTo(straight);
    assertThat(restarted).isEqualTo(reference.windows());
  }

  private static io.plantwatch.analytics.config.JobConfig config(String name, Path checkpoint) {
    Map<String, String> settings = TestJobs.settings(kafka, sink, name, checkpoint);
    settings.put("plantwatch.kafka.maxOffsetsPerTrigger", "30");
    return TestJobs.config(settings);
  }
}
