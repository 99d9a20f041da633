package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.analytics.windows.WindowStats;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The job's windows step ({@link WindowStats#ofEverySpec}: de-duplication and panes in one stateful
 * step for every spec) against Spark's own de-duplication and window aggregation ({@link
 * WindowStats#deduplicated}, {@link WindowStats#of}, one query per spec), fed the same
 * micro-batches: out of order, repeated, late, several units and gateways (some absent, some beyond
 * U+FFFF), specs of different lengths and slides. After every batch both must have emitted exactly
 * the same window rows, values to the last bit, the same number of times.
 */
@ExtendWith(StateStoresReleased.class)
class PaneWindowsIT {
  private static final String NO_DATA_BATCHES = "spark.sql.streaming.noDataMicroBatches.enabled";
  private static final String PROVIDER = "spark.sql.streaming.stateStore.providerClass";
  private static final long T0 = 1_717_400_000_000L;
  private static final Duration WATERMARK = Duration.ofSeconds(90);
  private static final List<WindowSpec> SPECS = WindowSpec.parseList("1m/10s,5m/1m,45s/15s,2m");

  @TempDir Path checkpoints;

  @Test
  void everySpecInOneStepEmitsWhatSparksWindowAggregationEmitsBatchByBatch() throws Exception {
    SparkSession spark = LocalSpark.session();
    // Without no-data batches the watermark moves only with data, so a batch runs with a late-row
    // watermark (the last batch's) below its eviction watermark (its own): the edge where a
    // window closes in the batch that brought its last readings.
    spark.conf().set(NO_DATA_BATCHES, "false");
    // As the job runs it: transformWithState needs RocksDB.
    spark.conf().set(PROVIDER, JobConfig.StateStore.ROCKSDB.providerClass());
    MemoryStream<Row> input = MemoryStream.apply(spark, Encoders.row(WindowRowText.VALID));
    Dataset<Row> deduplicated = WindowStats.deduplicated(input.toDF(), WATERMARK);

    ConcurrentLinkedQueue<String> spark1 = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> panes = new ConcurrentLinkedQueue<>();
    List<StreamingQuery> queries = new ArrayList<>();
    try {
      for (WindowSpec spec : SPECS) {
        queries.add(
            collect(
                WindowStats.of(deduplicated, spec, List.of(WindowStats.UNIT, WindowStats.GATEWAY)),
                "spark-" + spec.id(),
                spark1));
      }
      queries.add(collect(WindowStats.ofEverySpec(input.toDF(), WATERMARK, SPECS), "panes", panes));

      Random random = new Random(19);
      List<Row> sent = new ArrayList<>();
      long now = T0;
      int batches = 12;
      long emitted = 0;
      for (int b = 0; b < batches; b++) {
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          // Mostly the last 40 s, some up to 3 minutes back (late once the watermark passes them).
          long back = random.nextInt(10) == 0 ? random.nextInt(180_000) : random.nextInt(40_000);
          batch.add(reading(random, "r" + b + "-" + i, now - back));
        }
        for (int i = 0; i < 20 && !sent.isEmpty(); i++) {
          batch.add(sent.get(random.nextInt(sent.size())));
        }
        sent.addAll(batch);
        input.addData(CollectionConverters.asScala(batch).toSeq());
        for (StreamingQuery q : queries) {
          q.processAllAvailable();
        }
        assertThat(sorted(panes)).as("after batch %d", b).isEqualTo(sorted(spark1));
        emitted = panes.size();
        now += 25_000;
      }
      // The comparison has substance: windows of every spec, many emitted more than once.
      assertThat(emitted).isGreaterThan(2_000);
      long windows =
          panes.stream()
              .map(r -> String.join("|", java.util.Arrays.copyOf(r.split("\\|"), 6)))
              .distinct()
              .count();
      assertThat(windows)
          .as("windows emitted again as later batches changed them")
          .isLessThan(emitted);
      assertThat(panes).anyMatch(r -> r.contains("|45s/15s|"));
      assertThat(panes).anyMatch(r -> r.contains("|2m/2m|"));
      // Both dropped the same readings as late.
      assertThat(late(queries.get(queries.size() - 1)))
          .isEqualTo(late(queries.get(0)))
          .isPositive();
    } finally {
      spark.conf().unset(NO_DATA_BATCHES);
      spark.conf().unset(PROVIDER);
      for (StreamingQuery q : queries) {
        q.stop();
      }
    }
  }

  /**
   * A series that falls silent leaves the state, panes, ids and timer: the query that also read it
   * ends holding exactly what the query that never read it holds. The timer that removes it is
   * moved lazily, up to one window length after the series' last window closes.
   */
  @Test
  void aSilentSeriesLeavesTheStateOnceTheWatermarkPassesItsTimer() throws Exception {
    SparkSession spark = LocalSpark.session();
    spark.conf().set(PROVIDER, JobConfig.StateStore.ROCKSDB.providerClass());
    MemoryStream<Row> both = MemoryStream.apply(spark, Encoders.row(WindowRowText.VALID));
    MemoryStream<Row> onlyB = MemoryStream.apply(spark, Encoders.row(WindowRowText.VALID));
    Duration watermark = Duration.ofSeconds(30);
    List<WindowSpec> specs = WindowSpec.parseList("1m/10s");
    ConcurrentLinkedQueue<String> ignored = new ConcurrentLinkedQueue<>();
    StreamingQuery withA =
        collect(WindowStats.ofEverySpec(both.toDF(), watermark, specs), "with-a", ignored);
    StreamingQuery withoutA =
        collect(WindowStats.ofEverySpec(onlyB.toDF(), watermark, specs), "without-a", ignored);
    try {
      Random random = new Random(7);
      long[] whileAReported = null;
      for (int b = 0; b < 16; b++) {
        List<Row> bReadings = new ArrayList<>();
        List<Row> aReadings = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long ts = T0 + b * 20_000L + i * 1_000L;
          bReadings.add(reading("b" + b + "-" + i, "press-2", ts, random));
          if (b < 3) {
            aReadings.add(reading("a" + b + "-" + i, "press-1", ts, random));
          }
        }
        List<Row> all = new ArrayList<>(bReadings);
        all.addAll(aReadings);
        both.addData(CollectionConverters.asScala(all).toSeq());
        onlyB.addData(CollectionConverters.asScala(bReadings).toSeq());
        withA.processAllAvailable();
        withoutA.processAllAvailable();
        if (b == 2) {
          whileAReported = new long[] {stateRows(withA), stateRows(withoutA)};
        }
      }
      assertThat(whileAReported[0])
          .as("the state held press-1 while it reported")
          .isGreaterThan(whileAReported[1]);
      assertThat(stateRows(withA))
          .as("press-1 silent for over four minutes of event time: its panes and ids are gone")
          .isEqualTo(stateRows(withoutA))
          .isPositive();
      assertThat(timerRows(withA)).as("and so is its timer").isEqualTo(timerRows(withoutA));
    } finally {
      spark.conf().unset(PROVIDER);
      withA.stop();
      withoutA.stop();
    }
  }

  private static long stateRows(StreamingQuery q) {
    return q.lastProgress().stateOperators()[0].numRowsTotal();
  }

  /** Rows of Spark's own column families: the timers and their index. */
  private static long timerRows(StreamingQuery q) {
    return q.lastProgress()
        .stateOperators()[0]
        .customMetrics()
        .get("rocksdbNumInternalColFamiliesKeys");
  }

  private static Row reading(String id, String machine, long ts, Random random) {
    return RowFactory.create(
        id,
        "site-1",
        "L1",
        machine,
        "temperature",
        "degC",
        random.nextInt(800) / 8.0,
        new Timestamp(ts),
        "gw-a");
  }

  private static long late(StreamingQuery q) {
    long late = 0;
    for (var p : q.recentProgress()) {
      for (var op : p.stateOperators()) {
        late += op.numRowsDroppedByWatermark();
      }
    }
    return late;
  }

  private StreamingQuery collect(
      Dataset<Row> windows, String name, ConcurrentLinkedQueue<String> out) throws Exception {
    return windows
        .writeStream()
        .queryName(name)
        .outputMode(OutputMode.Update())
        .option("checkpointLocation", checkpoints.resolve(name).toString())
        .foreachBatch(
            (VoidFunction2<Dataset<Row>, Long>)
                (rows, id) -> {
                  for (Row r : rows.collectAsList()) {
                    out.add(WindowRowText.of(r));
                  }
                })
        .start();
  }

  private static Map<String, Integer> sorted(ConcurrentLinkedQueue<String> rows) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String r : rows) {
      counts.merge(r, 1, Integer::sum);
    }
    return counts;
  }

  private static Row reading(Random random, String id, long ts) {
    String[] machines = {"press-1", "press 2", "mill,3"};
    String[] metrics = {"temperature", "vibration"};
    // Absent, ordinary, and two that Java's compareTo orders unlike Spark (U+FFFD vs U+1F600).
    String[] units = {null, "degC", "\uFFFD", "\uD83D\uDE00"};
    String[] gateways = {null, "gw-a", "gw-b"};
    return RowFactory.create(
        id,
        "site-1",
        "L1",
        machines[random.nextInt(machines.length)],
        metrics[random.nextInt(metrics.length)],
        units[random.nextInt(units.length)],
        // Eighths add up exactly in any order, so both sides agree to the last bit.
        random.nextInt(800) / 8.0,
        new Timestamp(ts),
        gateways[random.nextInt(gateways.length)]);
  }
}
