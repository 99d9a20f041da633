package io.plantwatch.analytics.alerts;

import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.FlappingPolicy;
import io.plantwatch.analytics.alerts.mail.MailDispatcher;
import io.plantwatch.analytics.alerts.mail.MailSettings;
import io.plantwatch.analytics.alerts.mail.OutboxDrainer;
import io.plantwatch.analytics.alerts.rules.Operator;
import io.plantwatch.analytics.alerts.rules.PredictedLifeRule;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.Statistic;
import io.plantwatch.analytics.alerts.rules.ThresholdRule;
import io.plantwatch.analytics.alerts.stream.AlertQuery;
import io.plantwatch.analytics.alerts.stream.AlertSink;
import io.plantwatch.analytics.alerts.stream.GatewayStatusView;
import io.plantwatch.analytics.alerts.stream.StaleCheckTicks;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.config.QuerySettings;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.HealthScoring;
import io.plantwatch.analytics.influx.InfluxSettings;
import io.plantwatch.analytics.influx.InfluxWriters;
import io.plantwatch.analytics.source.ReadingSource;
import io.plantwatch.analytics.windows.EarlyBreach;
import io.plantwatch.analytics.windows.JudgedWindows;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.telemetry.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Alerting as the job runs it: the rules' final windows (one query per window spec the rules read)
 * and, with a model, the health scores go through the alert lifecycle into one sink that writes
 * Kafka, InfluxDB and mail. The sink and the outbox drainer are resources the job closes.
 */
public final class AlertPipeline {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AlertPipeline.class);

  /** The Spark scheduler pool the alert queries run in. */
  public static final String POOL = "plantwatch-alerts";

  private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  private static final String NO_DATA_BATCHES = "spark.sql.streaming.noDataMicroBatches.enabled";
  private static final String CHECK_CORRECTNESS =
      "spark.sql.streaming.statefulOperator.checkCorrectness.enabled";

  private final JobConfig config;
  private final RuleSet rules;
  private final List<AutoCloseable> resources;

  private AlertPipeline(JobConfig config, RuleSet rules, List<AutoCloseable> resources) {
    this.config = config;
    this.rules = rules;
    this.resources = resources;
  }

  /**
   * Starts the alert queries on the Kafka {@code records} and the parsed {@code valid} readings;
   * {@code model} may be null. Each query is added to {@code queries} as it starts (so a failure
   * part way leaves none running unseen), and what must be closed when the job stops to {@code
   * resources}.
   */
  public static void start(
      Dataset<Row> records,
      Dataset<Row> valid,
      RuleSet rules,
      JudgedWindows judged,
      HealthModel model,
      JobConfig config,
      List<StreamingQuery> queries,
      List<AutoCloseable> resources)
      throws TimeoutException {
    // predicted_life rules without a limit take it from the model's band
    RuleSet resolved = model == null ? rules : rules.withBand(model.manifest()::halfWidthAt);
    for (int i = 0; i < rules.rules().size(); i++) {
      if (rules.rules().get(i) instanceof PredictedLifeRule p
          && p.fromBand()
          && resolved.rules().get(i) instanceof PredictedLifeRule r
          && !r.fromBand()) {
        LOG.info(
            "rule {}: {} below {} cycles, derived from the band of model {}",
            r.name(),
            r.field(),
            String.format(java.util.Locale.ROOT, "%.2f", r.below()),
            model.manifest().name());
      }
    }
    AlertPipeline alerts = new AlertPipeline(config, resolved, resources);
    AlertSink sink = alerts.sink(alerts.mail());
    AlertLifecycle lifecycle = alerts.lifecycle();
    // Alert queries see only the metrics their rules read: fewer state stores, fewer commits per
    // micro-batch, so they take their own partition count (kept in their checkpoints).
    // Their own scheduler pool: an alert query's small jobs take a fair share of the task slots
    // instead of queueing behind every task of the windows query's batch, which would add that
    // batch's duration to every alert's latency.
    SparkSession spark = records.sparkSession();
    QuerySettings.inPool(
        spark,
        POOL,
        () ->
            QuerySettings.with(
                spark,
                SHUFFLE_PARTITIONS,
                config.get(JobConfig.ALERTS_PARTITIONS).toString(),
                () -> {
                  if (!judged.isEmpty()) {
                    queries.add(alerts.judgedTransitions(spark, lifecycle, sink));
                  }
                  for (WindowSpec spec : AlertQuery.windows(rules)) {
                    if (!judged.metrics().containsKey(spec)) {
                      queries.add(alerts.windowTransitions(records, spec, lifecycle, sink));
                    }
                  }
                  StreamingQuery health = alerts.healthTransitions(valid, model, lifecycle, sink);
                  if (health != null) {
                    queries.add(health);
                  }
                  return null;
                }));
  }

  /**
   * The windows the rules read that the windows query judges for them, or none when it does not: no
   * rules, {@link JobConfig#ALERTS_JUDGED_TOPIC} empty, or an alert watermark longer than the
   * windows' (whose state would be gone before the rules' windows are final).
   */
  public static JudgedWindows judgedWindows(RuleSet rules, JobConfig config) {
    if (rules == null || config.get(JobConfig.ALERTS_JUDGED_TOPIC).isEmpty()) {
      return JudgedWindows.none();
    }
    Duration windows = config.get(JobConfig.WATERMARK);
    Duration alerts = config.get(JobConfig.ALERTS_WATERMARK);
    if (alerts.compareTo(windows) > 0) {
      LOG.warn(
          "{} ({}) is longer than {} ({}): each window spec the rules read gets its own query,"
              + " which reads every reading again",
          JobConfig.ALERTS_WATERMARK.name(),
          DurationText.format(alerts),
          JobConfig.WATERMARK.name(),
          DurationText.format(windows));
      return JudgedWindows.none();
    }
    Map<WindowSpec, Set<String>> metrics = new LinkedHashMap<>();
    List<EarlyBreach> early = new ArrayList<>();
    boolean decideEarly = config.get(JobConfig.ALERTS_EARLY);
    for (Rule r : rules.rules()) {
      if (!(r instanceof PredictedLifeRule)) {
        WindowSpec spec = WindowSpec.parse(r.window());
        metrics.computeIfAbsent(spec, w -> new TreeSet<>()).add(r.metric());
        if (decideEarly && r instanceof ThresholdRule t && t.breachStandsEarly()) {
          early.add(
              new EarlyBreach(
                  spec,
                  t.metric(),
                  t.statistic() == Statistic.MAX,
                  t.threshold(),
                  t.operator() == Operator.GE || t.operator() == Operator.LE,
                  t.minCount()));
        }
      }
    }
    return new JudgedWindows(metrics, windows.minus(alerts), early);
  }

  /**
   * The query judging the windows the windows query hands over through the judged topic. It runs a
   * micro-batch only when the topic has new records; ticks on the topic bound how late a STALE
   * deadline is checked when no window comes.
   */
  private StreamingQuery judgedTransitions(
      SparkSession spark, AlertLifecycle lifecycle, AlertSink sink) throws TimeoutException {
    String topic = config.get(JobConfig.ALERTS_JUDGED_TOPIC);
    Duration every =
        StaleCheckTicks.interval(
            config.get(JobConfig.ALERTS_STALE_AFTER), config.get(JobConfig.ALERTS_TRIGGER));
    // Among the job's resources before the query starts: closed with them if the start fails.
    resources.add(StaleCheckTicks.start(config.get(JobConfig.KAFKA_BOOTSTRAP), topic, every));
    Dataset<Row> records = ReadingSource.compacted(spark, config, topic);
    StreamingQuery query =
        QuerySettings.with(
            spark,
            NO_DATA_BATCHES,
            "false",
            () ->
                AlertQuery.judgedTransitions(records, rules, lifecycle)
                    .writeStream()
                    .queryName(AlertQuery.JUDGED)
                    .outputMode(OutputMode.Append())
                    .option("checkpointLocation", QuerySettings.checkpoint(config, "alerts-judged"))
                    .trigger(
                        Trigger.ProcessingTime(config.get(JobConfig.ALERTS_TRIGGER).toMillis()))
                    .foreachBatch(sink)
                    .start());
    LOG.info(
        "alert query {}: STALE deadlines checked at least every {}",
        AlertQuery.JUDGED,
        DurationText.format(every));
    return query;
  }

  private MailDispatcher mail() {
    MailDispatcher mail = MailDispatcher.of(MailSettings.from(config));
    resources.add(new OutboxDrainer(mail, config.get(JobConfig.MAIL_RETRY_EVERY)));
    return mail;
  }

  private AlertSink sink(MailDispatcher mail) {
    String bootstrap = config.get(JobConfig.KAFKA_BOOTSTRAP);
    String statusTopic = config.get(JobConfig.ALERTS_GATEWAY_STATUS_TOPIC);
    InfluxSettings influx =
        InfluxSettings.from(config).withMeasurement(config.get(JobConfig.ALERTS_MEASUREMENT));
    AlertSink sink =
        new AlertSink(
            bootstrap,
            config.get(JobConfig.ALERTS_TOPIC),
            influx,
            InfluxWriters.factory(influx),
            mail,
            statusTopic.isEmpty() ? null : new GatewayStatusView(bootstrap, statusTopic));
    // Closed first: its last batch may still hand mails to the dispatcher.
    resources.add(0, sink);
    return sink;
  }

  private AlertLifecycle lifecycle() {
    return new AlertLifecycle(
        new FlappingPolicy(
            config.get(JobConfig.ALERTS_FLAPPING_MAX),
            config.get(JobConfig.ALERTS_FLAPPING_PERIOD)),
        config.get(JobConfig.ALERTS_STALE_AFTER));
  }

  private StreamingQuery windowTransitions(
      Dataset<Row> records, WindowSpec spec, AlertLifecycle lifecycle, AlertSink sink)
      throws TimeoutException {
    return AlertQuery.transitions(
            records,
            config.get(JobConfig.READINGS_FORMAT),
            config.get(JobConfig.ALERTS_WATERMARK),
            spec,
            rules,
            lifecycle)
        .writeStream()
        .queryName(AlertQuery.name(spec))
        .outputMode(OutputMode.Append())
        .option("checkpointLocation", QuerySettings.checkpoint(config, "alerts-" + spec.id()))
        .trigger(QuerySettings.trigger(config))
        .foreachBatch(sink)
        .start();
  }

  /** The predicted_life rules' query, or null when no rule reads the model or none is loaded. */
  private StreamingQuery healthTransitions(
      Dataset<Row> valid, HealthModel model, AlertLifecycle lifecycle, AlertSink sink)
      throws TimeoutException {
    if (!AlertQuery.readsHealth(rules)) {
      return null;
    }
    if (model == null) {
      LOG.warn(
          "the rules file has predicted_life rules but {} is not set: they stay inactive",
          JobConfig.HEALTH_MODEL.name());
      return null;
    }
    Dataset<Row> scored =
        model
            .score(
                HealthScoring.featureColumns(
                    HealthScoring.features(
                            valid,
                            model.features(),
                            config.get(JobConfig.HEALTH_CYCLE),
                            config.get(JobConfig.ALERTS_WATERMARK))
                        .toDF(),
                    model.features()))
            .select("site", "line", "machine", "windowEnd", "rul_cycles", "rul_high");
    // The health step emits a cycle's row once the watermark has passed it, which Spark's
    // global-watermark check flags for any stateful step after it. The lifecycle after it keys
    // nothing on event time (processing-time timeouts, windows judged in order), so those rows are
    // exactly what it must see: the check is off for this query only.
    SparkSession spark = valid.sparkSession();
    return QuerySettings.with(
        spark,
        CHECK_CORRECTNESS,
        "false",
        () ->
            AlertQuery.healthTransitions(scored, rules, lifecycle)
                .writeStream()
                .queryName(AlertQuery.PREFIX + "health")
                .outputMode(OutputMode.Append())
                .option("checkpointLocation", QuerySettings.checkpoint(config, "alerts-health"))
                .trigger(QuerySettings.trigger(config))
                .foreachBatch(sink)
                .start());
  }
}
