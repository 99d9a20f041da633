package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.checkpoint.CheckpointFiles;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.state.StateStore$;
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

  /**
   * A checkpoint written by an earlier version of the job (Spark's own file manager, Hadoop's
   * checksum files beside every file) goes on under {@link CheckpointFiles}, and back: every phase
   * runs in a job of its own, restarted from the same checkpoint.
   */
  @Test
  void aCheckpointMovesFromSparksFileManagerToTheJobsAndBack() throws Exception {
    Scenario scenario = new Scenario("plant-files", 13);
    TestJobs.createTopics(kafka, sink, "files");
    SparkSession spark = LocalSpark.session();
    String jobs = spark.conf().get(CheckpointFiles.SPARK_KEY);
    assertThat(jobs).isEqualTo(CheckpointFiles.class.getName());
    try {
      spark.conf().set(CheckpointFiles.SPARK_KEY, SPARKS_OWN);
      runPhase(spark, scenario.phaseA);
      java.io.File[] windows = filesCheckpoint.resolve("windows").toFile().listFiles();
      assertThat(windows).hasSize(1);
      java.io.File offsets = new java.io.File(windows[0], "offsets");
      long sparksBatches = batchFiles(offsets).size();
      assertThat(checksummed(offsets)).hasSize((int) sparksBatches).isNotEmpty();

      spark.conf().set(CheckpointFiles.SPARK_KEY, jobs);
      runPhase(spark, scenario.phaseB);
      // The job's batches have offset files without checksums: the job's manager wrote them.
      assertThat(batchFiles(offsets)).hasSizeGreaterThan((int) sparksBatches);
      assertThat(checksummed(offsets)).hasSize((int) sparksBatches);
      int batchesAfterB = batchFiles(offsets).size();

      spark.conf().set(CheckpointFiles.SPARK_KEY, SPARKS_OWN);
      runPhase(spark, scenario.phaseC);
      assertThat(batchFiles(offsets)).hasSizeGreaterThan(batchesAfterB);
    } finally {
      spark.conf().set(CheckpointFiles.SPARK_KEY, jobs);
    }

    ReferenceWindows reference =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m");
    scenario.phases().forEach(reference::phase);
    assertThat(sink.influxdWindows("files", "machine_window_stats")).isEqualTo(reference.windows());
  }

  private static final String SPARKS_OWN =
      "org.apache.spark.sql.execution.streaming.checkpointing."
          + "FileContextBasedCheckpointFileManager";

  @TempDir Path filesCheckpoint;

  private void runPhase(SparkSession spark, List<ReferenceWindows.In> phase) throws Exception {
    try (RunningJob job = AnalyticsJob.start(spark, config("files", filesCheckpoint))) {
      Readings.sendPlain(kafka, "files.readings", phase);
      job.processAllAvailable();
    }
    StateStore$.MODULE$.stop();
  }

  private static List<String> batchFiles(java.io.File dir) {
    return java.util.Arrays.stream(dir.list()).filter(n -> n.matches("\\d+")).toList();
  }

  private static List<String> checksummed(java.io.File dir) {
    return java.util.Arrays.stream(dir.list()).filter(n -> n.matches("\\.\\d+\\.crc")).toList();
  }

  private static io.plantwatch.analytics.config.JobConfig config(String name, Path checkpoint) {
    Map<String, String> settings = TestJobs.settings(kafka, sink, name, checkpoint);
    settings.put("plantwatch.kafka.maxOffsetsPerTrigger", "30");
    return TestJobs.config(settings);
  }
}
