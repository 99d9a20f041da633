package io.plantwatch.bench;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.ingest.records.ReadingAvroConverter;
import io.plantwatch.telemetry.ReadingFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;

/**
 * Spark alone: the analytics job itself (parse, de-duplicate, sliding windows, InfluxDB v2 writes)
 * on local Spark over a topic pre-filled with {@code records} readings, started with no backlog
 * limit other than its own {@code maxOffsetsPerTrigger} and a trigger of 0 s. Readings/s = rows
 * read / time spent in the windows query's non-empty micro-batches, counted once the state has its
 * full size when the pre-fill reaches that far ({@link BatchRate}), else every batch but the first.
 */
public final class SparkCeiling {
  private SparkCeiling() {}

  /**
   * @param jobConf the pipeline's job settings (windows, watermark, state store, ...); the Kafka
   *     topic, checkpoint, trigger and sink are replaced
   * @param records readings to pre-fill; null = {@link #prefillFor} the job's settings
   */
  public static BenchReport.Ceiling measure(
      SparkSession spark,
      String bootstrap,
      int partitions,
      Map<String, String> jobConf,
      java.nio.file.Path checkpoint,
      List<String> metrics,
      int machines,
      Long records)
      throws Exception {
    String topic = "bench.spark-ceiling";
    KafkaCeiling.createTopic(bootstrap, topic, partitions);
    try (WindowSink sink = WindowSink.counting()) {
      Map<String, String> c = new LinkedHashMap<>(jobConf);
      c.put(JobConfig.KAFKA_BOOTSTRAP.name(), bootstrap);
      c.put(JobConfig.KAFKA_TOPIC.name(), topic);
      c.put(JobConfig.KAFKA_STARTING_OFFSETS.name(), "earliest");
      c.put(JobConfig.CHECKPOINT.name(), checkpoint.toAbsolutePath().toString());
      c.put(JobConfig.TRIGGER.name(), "0s");
      c.put(JobConfig.INFLUX_URL.name(), sink.url());
      // The alert rules are the job's settings' (off unless --conf names them, as in the loads);
      // with rules on, their mails go to a folder of this run.
      if (!c.getOrDefault(JobConfig.ALERTS_RULES.name(), "").isEmpty()) {
        c.putIfAbsent(
            JobConfig.MAIL_OUTBOX.name(),
            checkpoint.resolveSibling("outbox").toAbsolutePath().toString());
      }
      JobConfig config = JobConfig.from(c);
      ReadingFormat format = config.get(JobConfig.READINGS_FORMAT);
      long n = records != null ? records : prefillFor(config, machines, metrics.size());
      long start = prefill(bootstrap, topic, format, metrics, machines, n);
      List<WindowSpec> specs = config.get(JobConfig.WINDOWS);
      String query = AnalyticsJob.WINDOWS_QUERY;
      BatchTimes times = new BatchTimes(query);
      spark.streams().addListener(times);
      // Ten minutes, or longer for a pre-fill that needs it at 5,000 readings/s.
      long deadline = System.nanoTime() + Math.max(600_000_000_000L, n / 5_000 * 1_000_000_000L);
      RunningJob job = AnalyticsJob.start(spark, config);
      try {
        while (times.inputRows() < n && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      } finally {
        job.stop();
        spark.streams().removeListener(times);
      }
      BatchRate rate = BatchRate.of(times.nonEmptySince(0), start + longest(config));
      long read = times.inputRows();
      String counted =
          rate.hasSteady()
              ? String.format(
                  Locale.ROOT,
                  "%d non-empty batches of at most maxOffsetsPerTrigger rows once the watermark"
                      + " had passed the first windows' end (the state at its full size; %,.0f"
                      + " readings/s over all %d batches after the first)",
                  rate.steadyBatches(),
                  rate.all(),
                  rate.allBatches())
              : String.format(
                  Locale.ROOT,
                  "%d non-empty batches of at most maxOffsetsPerTrigger rows after a first one"
                      + " not counted; %d of them ran on the state at its full size, fewer than"
                      + " the %d a steady figure needs",
                  rate.allBatches(),
                  rate.steadyBatches(),
                  BatchRate.MIN_STEADY_BATCHES);
      if (read < n) {
        counted += String.format(Locale.ROOT, "; stopped at the deadline with %,d read", read);
      }
      return new BenchReport.Ceiling(
          "spark",
          rate.headline(),
          String.format(
              Locale.ROOT,
              "the analytics job alone on local Spark: %,d readings pre-filled in Kafka as %s (%d"
                  + " machines × %d metrics, 1 s apart), windows %s, alert rules %s, %s, %,d"
                  + " points written",
              n,
              format.wireName(),
              machines,
              metrics.size(),
              specs.get(0).label(),
              config.get(JobConfig.ALERTS_RULES).isEmpty()
                  ? "off"
                  : config.get(JobConfig.ALERTS_RULES),
              counted,
              sink.points()));
    }
  }

  /**
   * The default pre-fill: enough event time for the job's state to reach its full size (the longest
   * window + the watermark) and then a minute more, or longer when the job's {@code
   * maxOffsetsPerTrigger} needs more for {@link BatchRate#MIN_STEADY_BATCHES} batches on the full
   * state (and one for the batch that crosses into it), for {@code machines} × {@code metrics}
   * series at one reading a second.
   */
  static long prefillFor(JobConfig config, int machines, int metrics) {
    long series = (long) machines * metrics;
    long steadyRows =
        (BatchRate.MIN_STEADY_BATCHES + 1L) * config.get(JobConfig.KAFKA_MAX_OFFSETS_PER_TRIGGER);
    long steadyS = Math.max(60, (steadyRows + series - 1) / series);
    long fillS = (longest(config) + config.get(JobConfig.WATERMARK).toMillis()) / 1000;
    return series * (fillS + steadyS);
  }

  private static long longest(JobConfig config) {
    return config.get(JobConfig.WINDOWS).stream()
        .mapToLong(w -> w.length().toMillis())
        .max()
        .orElseThrow();
  }

  /**
   * {@code records} readings on {@code topic}, in {@code format}, as the connector writes them;
   * returns the event time of the first.
   */
  private static long prefill(
      String bootstrap,
      String topic,
      ReadingFormat format,
      List<String> metrics,
      int machines,
      long records) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        "org.apache.kafka.common.serialization.ByteArraySerializer");
    p.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        "org.apache.kafka.common.serialization.ByteArraySerializer");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    // Event time ends now, so the windows are as recent as the pipeline's.
    long start = System.currentTimeMillis() - (records / ((long) machines * metrics.size())) * 1000;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        ReadingAvroConverter avro = new ReadingAvroConverter()) {
      avro.configure(Map.of("schemas.enable", "false"), false);
      for (long n = 0; n < records; n++) {
        Object[] r = Records.nth(n, machines, metrics, start);
        producer.send(
            new ProducerRecord<>(
                topic,
                Records.key((String) r[0]),
                Records.value(
                    format,
                    avro,
                    n,
                    "ceiling",
                    (String) r[0],
                    (String) r[1],
                    60 + (n % 200) / 100.0,
                    (Long) r[2])));
      }
      producer.flush();
    }
    return start;
  }
}
