package io.plantwatch.analytics.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_millis;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.source.ReadingParser;
import io.plantwatch.analytics.source.ReadingSource;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.analytics.windows.WindowStats;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReadingFormat;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the job's parse → de-duplicate → window path, against Spark's own rate source doing
 * the same de-duplication and aggregation in the same JVM, on the same data shape. Not a test: run
 * it with {@code mvn -pl analytics-job test-compile exec:exec@bench}; it prints figures.
 */
@Command(name = "window-throughput-benchmark", mixinStandardHelpOptions = true)
public final class WindowThroughputBenchmark implements java.util.concurrent.Callable<Integer> {
  private static final long T0 = Instant.parse("2024-06-03T08:00:00Z").toEpochMilli();

  @Option(names = "--machines", description = "Machines (default ${DEFAULT-VALUE}).")
  int machines = 1000;

  @Option(names = "--metrics", description = "Metrics per machine (default ${DEFAULT-VALUE}).")
  int metrics = 5;

  @Option(
      names = "--minutes",
      description =
          "Event-time span, one reading per metric every 10 s (default ${DEFAULT-VALUE}).")
  int minutes = 20;

  @Option(
      names = "--batch",
      description = "maxOffsetsPerTrigger / rows per rate batch (default ${DEFAULT-VALUE}).")
  int batch = 100_000;

  @Option(names = "--window", description = "Window spec (default ${DEFAULT-VALUE}).")
  String window = "5m/1m";

  @Option(names = "--state-store", description = "rocksdb or hdfs (default ${DEFAULT-VALUE}).")
  String stateStore = "rocksdb";

  @Option(
      names = "--partitions",
      description = "spark.sql.shuffle.partitions (default ${DEFAULT-VALUE}).")
  int partitions = 4;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WindowThroughputBenchmark()).execute(args));
  }

  record Figures(
      String name,
      long rows,
      long batches,
      double wallSeconds,
      double batchSeconds,
      StreamingQueryProgress last) {
    double rowsPerSecond() {
      return rows / batchSeconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    long perSeries = minutes * 6L;
    long rows = machines * (long) metrics * perSeries;
    WindowSpec spec = WindowSpec.parse(window);
    System.out.printf(
        Locale.ROOT,
        "readings: %d machines x %d metrics x %d = %d rows, window %s, watermark 10m, local[2]%n",
        machines,
        metrics,
        perSeries,
        rows,
        spec.label());
    try (KafkaCluster kafka = new KafkaCluster()) {
      kafka.start();
      kafka.createTopic("bench.readings", 2);
      long t = System.nanoTime();
      produce(kafka, perSeries);
      System.out.printf(
          Locale.ROOT,
          "produced to Kafka in %.1f s (not measured)%n",
          (System.nanoTime() - t) / 1e9);

      SparkSession spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("window-throughput-benchmark")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", String.valueOf(partitions))
              .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
              .config(
                  "spark.sql.streaming.stateStore.providerClass",
                  JobConfig.StateStore.valueOf(stateStore.toUpperCase(Locale.ROOT)).providerClass())
              .config(
                  "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true")
              .getOrCreate();
      Path cp = Files.createTempDirectory("bench-cp");

      // Warm-up of Spark's code paths, so neither measured run pays for class loading alone.
      run(
          spark,
          "warm-up",
          rate(spark, 20_000, 20_000),
          cp.resolve("warm"),
          Trigger.ProcessingTime(0),
          20_000);

      Figures rate =
          run(
              spark,
              "rate source",
              WindowStats.of(
                  WindowStats.deduplicated(rate(spark, rows, batch), Duration.ofMinutes(10)), spec),
              cp.resolve("rate"),
              Trigger.ProcessingTime(0),
              rows);
      JobConfig config =
          JobConfig.from(
              Map.of(
                  "plantwatch.checkpoint", cp.toString(),
                  "plantwatch.kafka.bootstrap", kafka.bootstrapServers(),
                  "plantwatch.kafka.topic", "bench.readings",
                  "plantwatch.kafka.maxOffsetsPerTrigger", String.valueOf(batch)));
      Dataset<Row> valid =
          ReadingParser.valid(ReadingSource.kafka(spark, config), ReadingFormat.JSON);
      Figures job =
          run(
              spark,
              "job (Kafka+JSON)",
              WindowStats.of(WindowStats.deduplicated(valid, Duration.ofMinutes(10)), spec),
              cp.resolve("job"),
              Trigger.AvailableNow(),
              rows);

      System.out.println();
      System.out.println("| run | rows | batches | wall s | sum of batch s | rows/s |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
      for (Figures f : List.of(rate, job)) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %.1f | %.1f | %.0f |%n",
            f.name(),
            f.rows(),
            f.batches(),
            f.wallSeconds(),
            f.batchSeconds(),
            f.rowsPerSecond());
      }
      System.out.printf(
          Locale.ROOT, "job / rate source: %.2f%n", job.rowsPerSecond() / rate.rowsPerSecond());
      System.out.println();
      System.out.println(
          "state after the last batch of the job run (per machine = total / " + machines + "):");
      for (StateOperatorProgress op : job.last().stateOperators()) {
        System.out.printf(
            Locale.ROOT,
            "  %-28s rows %8d (%.1f per machine)  memory %10d B (%.0f B per machine)%n",
            op.operatorName(),
            op.numRowsTotal(),
            op.numRowsTotal() / (double) machines,
            op.memoryUsedBytes(),
            op.memoryUsedBytes() / (double) machines);
        op.customMetrics()
            .forEach(
                (k, v) -> {
                  if (k.contains("Bytes") || k.contains("Size")) {
                    System.out.printf(
                        Locale.ROOT,
                        "      %-40s %12d (%.0f per machine)%n",
                        k,
                        v,
                        v / (double) machines);
                  }
                });
      }
      long stateBytes;
      try (var files = Files.walk(cp.resolve("job").resolve("state"))) {
        stateBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
      System.out.printf(
          Locale.ROOT,
          "  state in the checkpoint (%s, all versions kept): %d B (%.0f B per machine)%n",
          stateStore,
          stateBytes,
          stateBytes / (double) machines);
      spark.stop();
    }
    return 0;
  }

  private void produce(KafkaCluster kafka, long perSeries) throws Exception {
    BatchCodec codec = new BatchCodec();
    Random random = new Random(1);
    try (KafkaProducer<byte[], byte[]> p =
        kafka.producer(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.ACKS_CONFIG,
                "1"))) {
      List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
      for (long step = 0; step < perSeries; step++) {
        long ts = T0 + step * 10_000;
        for (int m = 0; m < machines; m++) {
          String machine = "machine-" + m;
          byte[] key = machine.getBytes(StandardCharsets.UTF_8);
          for (int k = 0; k < metrics; k++) {
            Reading r =
                new Reading(
                    "gw-" + (m / 100) + "-" + step + "-" + m + "-" + k,
                    "site-" + (m % 4),
                    "line-" + (m % 20),
                    machine,
                    "metric-" + k,
                    "",
                    random.nextInt(800) / 8.0,
                    ts,
                    "gw-" + (m / 100),
                    ts);
            pending.add(
                p.send(new ProducerRecord<>("bench.readings", key, codec.encodeReading(r))));
          }
        }
        if (pending.size() > 50_000) {
          for (java.util.concurrent.Future<?> f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      for (java.util.concurrent.Future<?> f : pending) {
        f.get();
      }
    }
  }

  /** The same shape of readings from Spark's rate source: no Kafka, no JSON. */
  private Dataset<Row> rate(SparkSession spark, long rows, long perBatch) {
    long perStep = machines * (long) metrics;
    return spark
        .readStream()
        .format("rate-micro-batch")
        .option("rowsPerBatch", perBatch)
        .option("numPartitions", 2)
        .load()
        .where(col("value").lt(rows))
        .select(
            concat(lit("r-"), col("value").cast("string")).as("id"),
            concat(lit("site-"), pmod(col("value"), lit(4)).cast("string")).as("site"),
            concat(lit("line-"), pmod(col("value"), lit(20)).cast("string")).as("line"),
            concat(lit("machine-"), pmod(col("value"), lit(machines)).cast("string")).as("machine"),
            concat(
                    lit("metric-"),
                    pmod(col("value").divide(machines).cast("long"), lit(metrics)).cast("string"))
                .as("metric"),
            pmod(col("value"), lit(800)).divide(8.0).as("value"),
            timestamp_millis(
                    lit(T0).plus(col("value").divide(perStep).cast("long").multiply(10_000)))
                .as("eventTime"));
  }

  private Figures run(
      SparkSession spark,
      String name,
      Dataset<Row> stats,
      Path checkpoint,
      Trigger trigger,
      long rows)
      throws Exception {
    long start = System.nanoTime();
    StreamingQuery q =
        stats
            .writeStream()
            .queryName(name.replaceAll("\\W", "_"))
            .outputMode(OutputMode.Update())
            .format("noop")
            .option("checkpointLocation", checkpoint.toString())
            .trigger(trigger)
            .start();
    long seen = 0;
    long batchMs = 0;
    long batches = 0;
    long lastBatch = -1;
    StreamingQueryProgress last = null;
    // recentProgress keeps the last 100 batches: poll often enough to see each once.
    while (seen < rows && q.isActive()) {
      for (StreamingQueryProgress p : q.recentProgress()) {
        if (p.batchId() > lastBatch && p.numInputRows() > 0) {
          seen += p.numInputRows();
          batchMs += p.durationMs().get("triggerExecution");
          batches++;
          lastBatch = p.batchId();
          last = p;
        }
      }
      Thread.sleep(100);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    q.stop();
    if (q.exception().isDefined()) {
      throw q.exception().get();
    }
    if (!name.equals("warm-up")) {
      System.out.printf(
          Locale.ROOT,
          "%s: %d rows in %d batches, %.1f s wall, %.1f s in batches%n",
          name,
          seen,
          batches,
          wall,
          batchMs / 1000.0);
    }
    return new Figures(name, seen, batches, wall, batchMs / 1000.0, last);
  }
}
