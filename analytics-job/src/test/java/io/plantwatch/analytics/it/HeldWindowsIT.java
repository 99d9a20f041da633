package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.JudgedWindows;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.analytics.windows.WindowStats;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code plantwatch.windows.emitEvery}: the windows step writing a series' changed windows at most
 * once per interval, fed the same micro-batches as the step that writes them with every batch
 * (Spark's update mode). Out-of-order, repeated and late readings, four specs (one tumbling), a
 * machine that falls silent, and alert rules without a lead on two specs, so that the rules' timers
 * fall on the times at which held windows must be written.
 */
@ExtendWith(StateStoresReleased.class)
class HeldWindowsIT {
  private static final String NO_DATA_BATCHES = "spark.sql.streaming.noDataMicroBatches.enabled";
  private static final String PROVIDER = "spark.sql.streaming.stateStore.providerClass";
  private static final long T0 = 1_717_400_000_000L;
  private static final Duration WATERMARK = Duration.ofSeconds(90);
  private static final List<WindowSpec> SPECS = WindowSpec.parseList("1m/10s,5m/1m,45s/15s,2m");
  private static final JudgedWindows RULES =
      new JudgedWindows(
          Map.of(
              WindowSpec.parse("2m"),
              Set.of("temperature"),
              WindowSpec.parse("1m/10s"),
              Set.of("vibration")),
          Duration.ZERO);

  @TempDir Path checkpoints;

  private final SparkSession spark = LocalSpark.session();
  private final List<StreamingQuery> queries = new ArrayList<>();
  private final Map<Long, List<Row>> everyBatch = new TreeMap<>();
  private final Map<Long, List<Row>> held = new TreeMap<>();
  private MemoryStream<Row> input;

  /**
   * The step without an interval ({@code everyBatch}) and with {@code emitEvery} ({@code held}),
   * reading the same input; timers and late readings move with data batches only, one per step.
   */
  private void start(Duration emitEvery) throws Exception {
    spark.conf().set(NO_DATA_BATCHES, "false");
    spark.conf().set(PROVIDER, JobConfig.StateStore.ROCKSDB.providerClass());
    input = MemoryStream.apply(spark, Encoders.row(WindowRowText.VALID));
    queries.add(
        MicroBatches.collect(
            WindowStats.ofEverySpec(input.toDF(), WATERMARK, SPECS, RULES),
            checkpoints,
            "every-batch",
            everyBatch));
    queries.add(
        MicroBatches.collect(
            WindowStats.ofEverySpec(input.toDF(), WATERMARK, SPECS, RULES, emitEvery),
            checkpoints,
            "held",
            held));
  }

  @AfterEach
  void stop() throws Exception {
    spark.conf().unset(NO_DATA_BATCHES);
    spark.conf().unset(PROVIDER);
    for (StreamingQuery q : queries) {
      q.stop();
    }
  }

  /**
   * With an interval longer than the test, a series writes its windows in its first batch, and
   * after that only in a batch that also writes a window final by then (for the watermark or for
   * the series' own readings): yet every window's last row is its final value, the silent machine's
   * ones written by timers, and the rules judge exactly what they judge without the interval.
   */
  @Test
  void heldWindowsAreWrittenWhenFinalWithTheirFinalValues() throws Exception {
    start(Duration.ofHours(1));
    Random random = new Random(31);
    List<Row> sent = new ArrayList<>();
    List<Long> watermarks = new ArrayList<>();
    List<Map<String, Long>> newest = new ArrayList<>();
    long now = T0;
    int batches = 24;
    for (int b = 0; b < batches + 2; b++) {
      List<Row> batch = new ArrayList<>();
      if (b < batches) {
        for (int i = 0; i < 120; i++) {
          // Mostly the last 8 s (a trigger's worth), some up to 2 minutes back.
          long back = random.nextInt(30) == 0 ? random.nextInt(120_000) : random.nextInt(8_000);
          batch.add(reading(random, "r" + b + "-" + i, now - back, b < 6));
        }
        for (int i = 0; i < 20 && !sent.isEmpty(); i++) {
          batch.add(sent.get(random.nextInt(sent.size())));
        }
      } else {
        // Two batches of one reading an hour on, of a series of its own: the first moves the
        // watermark past every window, the second runs with it.
        batch.add(
            RowFactory.create(
                "closer-" + b,
                "site-9",
                "L9",
                "closer",
                "temperature",
                "degC",
                1.0,
                new Timestamp(now + 3_600_000L),
                "gw-a"));
      }
      sent.addAll(batch);
      newest.add(MicroBatches.newestBySeries(batch));
      input.addData(CollectionConverters.asScala(batch).toSeq());
      for (StreamingQuery q : queries) {
        q.processAllAvailable();
      }
      watermarks.add(MicroBatches.watermark(queries.get(1), b));
      now += b == 14 ? 200_000 : 5_000;
    }
    Map<Long, List<String>> judgedEveryBatch = new TreeMap<>();
    Map<Long, List<String>> judgedHeld = new TreeMap<>();
    Map<Long, List<String>> writtenEveryBatch = new TreeMap<>();
    Map<Long, List<String>> writtenHeld = new TreeMap<>();
    split(everyBatch, writtenEveryBatch, judgedEveryBatch);
    split(held, writtenHeld, judgedHeld);

    assertThat(MicroBatches.sortedValues(judgedHeld))
        .as("the rules' windows are judged as without an interval, batch by batch")
        .isEqualTo(MicroBatches.sortedValues(judgedEveryBatch))
        .isNotEmpty();

    Map<String, String> finalEveryBatch = lastByWindow(writtenEveryBatch);
    Map<String, String> finalHeld = lastByWindow(writtenHeld);
    finalEveryBatch.keySet().removeIf(k -> k.contains("|closer|"));
    finalHeld.keySet().removeIf(k -> k.contains("|closer|"));
    assertThat(finalHeld)
        .as("every window's last row is its final value")
        .isEqualTo(finalEveryBatch);
    assertThat(finalHeld.keySet()).anyMatch(k -> k.contains("|press-3|"));

    // Every row held back was a value the window had: written by the step without an interval
    // in that batch or before. And a window final for a batch's watermark has its final value
    // written by that batch.
    Set<String> seen = new HashSet<>();
    Map<String, String> lastEvery = new HashMap<>();
    Map<String, String> lastHeld = new HashMap<>();
    int finalChecked = 0;
    for (long b = 0; b < watermarks.size(); b++) {
      seen.addAll(writtenEveryBatch.getOrDefault(b, List.of()));
      assertThat(seen).as("batch %d", b).containsAll(writtenHeld.getOrDefault(b, List.of()));
      writtenEveryBatch.getOrDefault(b, List.of()).forEach(r -> lastEvery.put(window(r), r));
      writtenHeld.getOrDefault(b, List.of()).forEach(r -> lastHeld.put(window(r), r));
      for (Map.Entry<String, String> e : lastEvery.entrySet()) {
        if (windowEnd(e.getValue()) <= watermarks.get((int) b)) {
          assertThat(lastHeld.get(e.getKey())).as("batch %d", b).isEqualTo(e.getValue());
          finalChecked++;
        }
      }
    }
    assertThat(finalChecked).isGreaterThan(1_000);

    // After its first batch, a series writes only in a batch that writes a window final by
    // then: the first of the windows it held.
    Set<String> started = new HashSet<>();
    int finalWrites = 0;
    for (long b = 0; b < watermarks.size(); b++) {
      Map<String, List<String>> bySeries = new LinkedHashMap<>();
      for (String r : writtenHeld.getOrDefault(b, List.of())) {
        bySeries.computeIfAbsent(series(r), x -> new ArrayList<>()).add(r);
      }
      for (Map.Entry<String, List<String>> e : bySeries.entrySet()) {
        if (started.add(e.getKey())) {
          continue;
        }
        Long seriesNewest = newest.get((int) b).get(e.getKey());
        long judgedBy =
            seriesNewest == null
                ? watermarks.get((int) b)
                : Math.max(watermarks.get((int) b), seriesNewest - WATERMARK.toMillis());
        long firstEnd =
            e.getValue().stream().mapToLong(HeldWindowsIT::windowEnd).min().orElseThrow();
        assertThat(firstEnd).as("batch %d, %s", b, e.getKey()).isLessThanOrEqualTo(judgedBy);
        finalWrites++;
      }
    }
    assertThat(finalWrites).as("writes of windows that became final").isGreaterThan(10);
    long rowsHeld = writtenHeld.values().stream().mapToLong(List::size).sum();
    long rowsEveryBatch = writtenEveryBatch.values().stream().mapToLong(List::size).sum();
    System.out.printf(
        "rows written: %d held, %d with every batch; %d writes of final windows%n",
        rowsHeld, rowsEveryBatch, finalWrites);
    assertThat(rowsHeld)
        .as("rows written held vs every batch (%d)", rowsEveryBatch)
        .isLessThan(rowsEveryBatch / 2);
  }

  /**
   * With the interval passed between every two batches, the step writes, batch by batch, exactly
   * what the step without an interval writes.
   */
  @Test
  void withTheIntervalPassedEveryBatchWritesAsWithoutOne() throws Exception {
    start(Duration.ofSeconds(1));
    Random random = new Random(37);
    long now = T0;
    for (int b = 0; b < 6; b++) {
      List<Row> batch = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        batch.add(reading(random, "r" + b + "-" + i, now - random.nextInt(40_000), true));
      }
      // A batch's time is when it starts: more than the interval after the last one.
      Thread.sleep(1_200);
      input.addData(CollectionConverters.asScala(batch).toSeq());
      for (StreamingQuery q : queries) {
        q.processAllAvailable();
      }
      now += 25_000;
    }
    Map<Long, List<String>> heldText = new TreeMap<>();
    Map<Long, List<String>> everyBatchText = new TreeMap<>();
    split(held, heldText, heldText);
    split(everyBatch, everyBatchText, everyBatchText);
    assertThat(MicroBatches.sortedValues(heldText))
        .isEqualTo(MicroBatches.sortedValues(everyBatchText));
    assertThat(everyBatchText.values().stream().mapToLong(List::size).sum()).isGreaterThan(300);
  }

  /** The rows of each batch as text: the judged ones and the others. */
  private static void split(
      Map<Long, List<Row>> byBatch,
      Map<Long, List<String>> written,
      Map<Long, List<String>> judged) {
    byBatch.forEach(
        (batch, rows) -> {
          written.computeIfAbsent(batch, x -> new ArrayList<>());
          for (Row r : rows) {
            boolean isJudged = !r.isNullAt(r.fieldIndex(WindowStats.JUDGED));
            (isJudged ? judged : written)
                .computeIfAbsent(batch, x -> new ArrayList<>())
                .add((isJudged ? "judged|" : "") + WindowRowText.of(r));
          }
        });
  }

  /** Each window's (its series, spec and end) last row, in batch order. */
  private static Map<String, String> lastByWindow(Map<Long, List<String>> byBatch) {
    Map<String, String> last = new TreeMap<>();
    byBatch.values().forEach(rows -> rows.forEach(r -> last.put(window(r), r)));
    return last;
  }

  private static String window(String row) {
    return String.join("|", java.util.Arrays.copyOf(row.split("\\|", -1), 6));
  }

  private static String series(String row) {
    return String.join("|", java.util.Arrays.copyOf(row.split("\\|", -1), 4));
  }

  private static long windowEnd(String row) {
    return Long.parseLong(row.split("\\|", -1)[5]);
  }

  private static Row reading(Random random, String id, long ts, boolean withPress3) {
    String[] machines = {"press-1", "press 2", "press-3"};
    // The rules read no pressure: its series keep only a clean-up timer.
    String[] metrics = {"temperature", "vibration", "pressure"};
    String[] units = {null, "degC"};
    String[] gateways = {null, "gw-a", "gw-b"};
    return RowFactory.create(
        id,
        "site-1",
        "L1",
        machines[random.nextInt(withPress3 ? 3 : 2)],
        metrics[random.nextInt(metrics.length)],
        units[random.nextInt(units.length)],
        // Eighths add up exactly in any order, so both sides agree to the last bit.
        random.nextInt(800) / 8.0,
        new Timestamp(ts),
        gateways[random.nextInt(gateways.length)]);
  }
}
