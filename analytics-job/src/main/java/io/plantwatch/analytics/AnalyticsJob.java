package io.plantwatch.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;

import io.plantwatch.analytics.alerts.AlertPipeline;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.RulesFile;
import io.plantwatch.analytics.config.ConfigException;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.config.QuerySettings;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.HealthScoring;
import io.plantwatch.analytics.influx.InfluxSettings;
import io.plantwatch.analytics.influx.InfluxWindowSink;
import io.plantwatch.analytics.monitoring.JobProgressListener;
import io.plantwatch.analytics.rejects.RejectedRecords;
import io.plantwatch.analytics.source.ReadingParser;
import io.plantwatch.analytics.source.ReadingSource;
import io.plantwatch.analytics.topics.ComputedTopics;
import io.plantwatch.analytics.topics.Producers;
import io.plantwatch.analytics.topics.TopicPublisher;
import io.plantwatch.analytics.topics.TopicSetup;
import io.plantwatch.analytics.topics.WindowRecords;
import io.plantwatch.analytics.windows.JudgedWindows;
import io.plantwatch.analytics.windows.WindowStats;
import io.plantwatch.analytics.windows.WindowsCheckpoint;
import io.plantwatch.telemetry.ReadingFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The streaming job: Kafka readings → parse → rejects to Kafka; per window spec → de-duplicate →
 * windows → InfluxDB; with a model, health scores → InfluxDB; with rules, per window spec the rules
 * read → final windows → alert lifecycle → Kafka, InfluxDB and mail. Every query has its own
 * directory under the checkpoint.
 *
 * <p>Windows are emitted in update mode: a window's point is written as soon as a batch changes it
 * and overwritten by later batches, so dashboards see the current minute while it fills; its value
 * is final once the watermark passes the window's end.
 */
public final class AnalyticsJob {

  private AnalyticsJob() {}

  /** The query computing the windows of every spec: each reading is read and de-duplicated once. */
  public static final String WINDOWS_QUERY = "plantwatch-windows";

  public static RunningJob start(SparkSession spark, JobConfig config) throws TimeoutException {
    // A model directory without a valid manifest stops the job before any query starts.
    String modelDir = config.get(JobConfig.HEALTH_MODEL);
    boolean scoring = !modelDir.isEmpty();
    if (scoring) {
      HealthModel.checkedManifest(Path.of(modelDir));
    }
    useStateStore(spark, config);
    JobProgressListener progress = new JobProgressListener();
    spark.streams().addListener(progress);
    List<StreamingQuery> queries = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    // A rules file with mistakes stops the job before any query starts.
    RuleSet rules = rules(config);
    // The windows the rules read come from the windows query, which judges them once final.
    JudgedWindows judged = AlertPipeline.judgedWindows(rules, config);
    ComputedTopics computed = ComputedTopics.from(config);
    // Missing computed topics are created before any query could publish to them.
    TopicSetup.ensure(
        computed, config.get(JobConfig.KAFKA_TOPIC), topicsToEnsure(config, scoring, judged));
    // This JVM's producers of the computed topics (all of them in local mode) close with the job.
    resources.add(Producers::closeAll);
    // Loading the pipeline runs Spark jobs (tens of seconds on a cold cluster): the windows query
    // starts meanwhile, and a restarted driver brings windows back sooner.
    ModelLoading modelLoading = scoring ? ModelLoading.start(spark, Path.of(modelDir)) : null;
    try {
      Dataset<Row> records = ReadingSource.kafka(spark, config);
      ReadingFormat format = config.get(JobConfig.READINGS_FORMAT);
      // One query reads every record once: its windows for every spec, and its rejects.
      Dataset<Row> windowsAndRejects =
          WindowStats.ofEverySpec(
              ReadingParser.classified(records, format, config.get(JobConfig.REJECTED_MAX_PAYLOAD)),
              config.get(JobConfig.WATERMARK),
              config.get(JobConfig.WINDOWS),
              judged,
              config.get(JobConfig.WINDOWS_EMIT_EVERY));
      // Before the query starts: it creates its directory, which the warning tells new or resumed.
      WindowsCheckpoint.warnAboutEarlierLayout(spark, config, judged);
      queries.add(startWindows(windowsAndRejects, config, computed, judged));
      HealthModel model = modelLoading == null ? null : modelLoading.await();
      if (model != null) {
        queries.add(startHealth(ReadingParser.valid(records, format), model, config, computed));
      }
      if (rules != null) {
        AlertPipeline.start(
            records,
            ReadingParser.valid(records, format),
            rules,
            judged,
            model,
            config,
            queries,
            resources);
      }
    } catch (TimeoutException | RuntimeException e) {
      if (modelLoading != null) {
        modelLoading.cancel();
      }
      // Queries already started must not outlive a job that failed to start.
      try {
        new RunningJob(spark, queries, progress, resources).stop();
      } catch (TimeoutException | RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
    return new RunningJob(spark, queries, progress, resources);
  }

  /** The computed topics this job publishes to, each with the key that names it. */
  private static java.util.Map<String, String> topicsToEnsure(
      JobConfig config, boolean scoring, JudgedWindows judged) {
    java.util.Map<String, String> topics = new java.util.LinkedHashMap<>();
    if (!judged.isEmpty()) {
      topics.put(config.get(JobConfig.ALERTS_JUDGED_TOPIC), JobConfig.ALERTS_JUDGED_TOPIC.name());
    }
    String windows = config.get(JobConfig.KAFKA_WINDOWS_TOPIC);
    if (!windows.isEmpty()) {
      topics.put(windows, JobConfig.KAFKA_WINDOWS_TOPIC.name());
    }
    String health = config.get(JobConfig.KAFKA_HEALTH_TOPIC);
    if (scoring && !health.isEmpty()) {
      topics.put(health, JobConfig.KAFKA_HEALTH_TOPIC.name());
    }
    return topics;
  }

  /** The configured rule set, or null when alerting is off. */
  public static RuleSet rules(JobConfig config) {
    String source = config.get(JobConfig.ALERTS_RULES);
    if (source.isEmpty()) {
      return null;
    }
    if (source.equals("example")) {
      return RulesFile.example();
    }
    try {
      return RulesFile.load(Path.of(source));
    } catch (java.io.IOException e) {
      throw new ConfigException(
          List.of(
              JobConfig.ALERTS_RULES.name() + ": cannot read " + source + ": " + e.getMessage()));
    }
  }

  private static StreamingQuery startWindows(
      Dataset<Row> stats, JobConfig config, ComputedTopics computed, JudgedWindows judged)
      throws TimeoutException {
    // Spark runs transformWithState on RocksDB only, whatever plantwatch.stateStore says.
    return QuerySettings.with(
        stats.sparkSession(),
        "spark.sql.streaming.stateStore.providerClass",
        JobConfig.StateStore.ROCKSDB.providerClass(),
        () ->
            stats
                .observe(WindowStats.OBSERVATION, count(when(col("reason").isNull(), 1)).as("rows"))
                .observe(
                    RejectedRecords.OBSERVATION,
                    count(when(col("reason").isNotNull(), 1)).as("rows"))
                .writeStream()
                .queryName(WINDOWS_QUERY)
                .outputMode(OutputMode.Update())
                .option("checkpointLocation", WindowsCheckpoint.of(config, judged))
                .trigger(QuerySettings.trigger(config))
                .foreachBatch(
                    InfluxWindowSink.to(
                        InfluxSettings.from(config),
                        stats.schema(),
                        computed.windows(stats.schema()),
                        new TopicPublisher<>(
                            config.get(JobConfig.KAFKA_BOOTSTRAP),
                            config.get(JobConfig.REJECTED_TOPIC),
                            new RejectedRecords(stats.schema())),
                        judged.isEmpty()
                            ? null
                            : new TopicPublisher<>(
                                config.get(JobConfig.KAFKA_BOOTSTRAP),
                                config.get(JobConfig.ALERTS_JUDGED_TOPIC),
                                new WindowRecords(stats.schema()))))
                .start());
  }

  private static StreamingQuery startHealth(
      Dataset<Row> valid, HealthModel model, JobConfig config, ComputedTopics computed)
      throws TimeoutException {
    InfluxSettings health =
        InfluxSettings.from(config).withMeasurement(config.get(JobConfig.HEALTH_MEASUREMENT));
    return HealthScoring.features(
            valid,
            model.features(),
            config.get(JobConfig.HEALTH_CYCLE),
            config.get(JobConfig.WATERMARK))
        .writeStream()
        .queryName(HealthScoring.QUERY)
        .outputMode(OutputMode.Append())
        .option("checkpointLocation", QuerySettings.checkpoint(config, "health"))
        .trigger(QuerySettings.trigger(config))
        .foreachBatch(
            HealthScoring.Sink.to(model, health, computed.health(model.manifest().name())))
        .start();
  }

  private static void useStateStore(SparkSession spark, JobConfig config) {
    // SQL settings read when a query starts; a restarted query takes the provider recorded in its
    // checkpoint.
    spark
        .conf()
        .set(
            "spark.sql.streaming.stateStore.providerClass",
            config.get(JobConfig.STATE_STORE).providerClass());
    // RocksDB then uploads only the changes of each batch to the checkpoint, not whole snapshots.
    spark
        .conf()
        .set("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
    // One memory budget for every RocksDB instance of the JVM: each partition of each stateful
    // operator opens its own, and unbounded each takes its own write buffers and cache.
    int rocksDbMb = config.get(JobConfig.STATE_STORE_MEMORY);
    spark
        .conf()
        .set(
            "spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage",
            Boolean.toString(rocksDbMb > 0));
    if (rocksDbMb > 0) {
      spark
          .conf()
          .set(
              "spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB",
              Integer.toString(rocksDbMb));
    }
    spark.conf().set("spark.sql.streaming.metricsEnabled", "true");
  }
}
