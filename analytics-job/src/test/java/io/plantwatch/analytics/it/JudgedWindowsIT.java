package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.EarlyBreach;
import io.plantwatch.analytics.windows.JudgedWindows;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.analytics.windows.WindowStats;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The windows the alert rules read, judged by the windows step ({@link JudgedWindows}): fed the
 * same micro-batches, the step with rules emits exactly the window updates of the step without
 * them, plus each window the rules read once, in the first batch whose watermark plus the lead has
 * passed its end (or whose newest reading of the window's series, less the watermark delay, has),
 * with the value the updates (of a step computing that spec for dashboards) had then; a window
 * whose readings all came after that moment is never judged. Specs inside and outside the windows
 * list, series the rules do not read, out-of-order, repeated and late readings, a watermark jump
 * that closes panes in the batch their judgements fall due, a machine that falls silent (its
 * windows judged by timers, the others' in the batch that reads them); with a lead and without one
 * (the rules' timers then fall on the series' own). With early bounds (a rule on a maximum above,
 * or a minimum below, a threshold), each batch with readings of a series also emits, per spec with
 * bounds on its metric, the first window not judged yet whose value so far crosses one, with {@code
 * judged} false, and the updates and judgements stay exactly as they were.
 */
@ExtendWith(StateStoresReleased.class)
class JudgedWindowsIT {
  private static final String NO_DATA_BATCHES = "spark.sql.streaming.noDataMicroBatches.enabled";
  private static final String PROVIDER = "spark.sql.streaming.stateStore.providerClass";
  private static final long T0 = 1_717_400_000_000L;
  private static final Duration WATERMARK = Duration.ofSeconds(90);
  private static final List<WindowSpec> WINDOWS = WindowSpec.parseList("1m/10s");
  private static final WindowSpec RULES_ONLY = WindowSpec.parse("45s/15s");

  @TempDir Path checkpoints;

  @ParameterizedTest(name = "lead {0} s")
  @ValueSource(ints = {60, 0})
  void eachWindowTheRulesReadIsEmittedOnceWhenFinalForThem(int leadSeconds) throws Exception {
    Duration lead = Duration.ofSeconds(leadSeconds);
    JudgedWindows judged =
        new JudgedWindows(
            Map.of(
                WINDOWS.get(0),
                Set.of("temperature"),
                RULES_ONLY,
                Set.of("temperature", "vibration")),
            lead,
            List.of(
                new EarlyBreach(WINDOWS.get(0), "temperature", true, 98, false, 1),
                new EarlyBreach(WINDOWS.get(0), "temperature", false, 0.5, true, 1),
                new EarlyBreach(RULES_ONLY, "vibration", false, 1, true, 3)));
    SparkSession spark = LocalSpark.session();
    // Timers and late readings then move with data batches only: one per step below, in both.
    spark.conf().set(NO_DATA_BATCHES, "false");
    spark.conf().set(PROVIDER, JobConfig.StateStore.ROCKSDB.providerClass());
    MemoryStream<Row> input = MemoryStream.apply(spark, Encoders.row(WindowRowText.VALID));

    Map<Long, List<Row>> withRules = new TreeMap<>();
    Map<Long, List<Row>> dashboards = new TreeMap<>();
    List<StreamingQuery> queries = new ArrayList<>();
    try {
      queries.add(
          MicroBatches.collect(
              WindowStats.ofEverySpec(input.toDF(), WATERMARK, WINDOWS, judged),
              checkpoints,
              "rules",
              withRules));
      List<WindowSpec> both = new ArrayList<>(WINDOWS);
      both.add(RULES_ONLY);
      queries.add(
          MicroBatches.collect(
              WindowStats.ofEverySpec(input.toDF(), WATERMARK, both),
              checkpoints,
              "dashboards",
              dashboards));

      Random random = new Random(23);
      List<Row> sent = new ArrayList<>();
      List<Long> watermarks = new ArrayList<>();
      List<Map<String, Long>> newest = new ArrayList<>();
      List<List<Row>> batches = new ArrayList<>();
      long now = T0;
      for (int b = 0; b < 14; b++) {
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          long back = random.nextInt(10) == 0 ? random.nextInt(150_000) : random.nextInt(30_000);
          // press-3 falls silent after four batches: its windows are judged by timers alone.
          batch.add(reading(random, "r" + b + "-" + i, now - back, b < 4));
        }
        for (int i = 0; i < 15 && !sent.isEmpty(); i++) {
          batch.add(sent.get(random.nextInt(sent.size())));
        }
        sent.addAll(batch);
        batches.add(batch);
        newest.add(MicroBatches.newestBySeries(batch));
        input.addData(CollectionConverters.asScala(batch).toSeq());
        long watermark = Long.MIN_VALUE;
        for (StreamingQuery q : queries) {
          q.processAllAvailable();
          long w = MicroBatches.watermark(q, b);
          assertThat(watermark == Long.MIN_VALUE || watermark == w).isTrue();
          watermark = w;
        }
        watermarks.add(watermark);
        // Once, the event time jumps past whole windows: panes close in the batch that also makes
        // their windows due for the rules.
        now += b == 8 ? 200_000 : 20_000;
      }

      Map<Long, List<String>> updates = new TreeMap<>();
      Map<Long, List<String>> judgements = new TreeMap<>();
      Map<Long, List<String>> early = new TreeMap<>();
      withRules.forEach(
          (batch, rows) -> {
            for (Row r : rows) {
              int judgedAt = r.fieldIndex(WindowStats.JUDGED);
              (r.isNullAt(judgedAt) ? updates : r.getBoolean(judgedAt) ? judgements : early)
                  .computeIfAbsent(batch, x -> new ArrayList<>())
                  .add(WindowRowText.of(r));
            }
          });
      // The updates are those of a step without rules, batch by batch.
      Map<Long, List<String>> expectedUpdates = new TreeMap<>();
      dashboards.forEach(
          (batch, rows) -> {
            for (Row r : rows) {
              if (r.getString(r.fieldIndex("window")).equals(WINDOWS.get(0).label())) {
                expectedUpdates
                    .computeIfAbsent(batch, x -> new ArrayList<>())
                    .add(WindowRowText.of(r));
              }
            }
          });
      assertThat(MicroBatches.sortedValues(updates))
          .isEqualTo(MicroBatches.sortedValues(expectedUpdates));

      Map<Long, List<String>> expected = expectedJudgements(dashboards, watermarks, newest, judged);
      assertThat(MicroBatches.sortedValues(judgements))
          .isEqualTo(MicroBatches.sortedValues(expected));
      // Some windows were judged in the batch whose own readings made them due, a batch before
      // the watermark would have: their series' clock did it.
      long byTheirSeries =
          judgements.entrySet().stream()
              .flatMap(
                  e ->
                      e.getValue().stream()
                          .filter(
                              r ->
                                  Long.parseLong(r.split("\\|")[5]) - lead.toMillis()
                                      > watermarks.get(e.getKey().intValue())))
              .count();
      assertThat(byTheirSeries).isGreaterThan(10);
      // The comparison has substance: both specs, both judged metrics, never the third.
      List<String> all = judgements.values().stream().flatMap(List::stream).toList();
      assertThat(all).hasSizeGreaterThan(100).doesNotHaveDuplicates();
      assertThat(all).anyMatch(r -> r.contains("|temperature|1m/10s|"));
      assertThat(all).anyMatch(r -> r.contains("|vibration|45s/15s|"));
      assertThat(all).noneMatch(r -> r.contains("|vibration|1m/10s|"));
      assertThat(all).noneMatch(r -> r.contains("|pressure|"));
      assertThat(all).anyMatch(r -> r.contains("|press-3|"));

      assertThat(MicroBatches.sortedValues(early))
          .isEqualTo(
              MicroBatches.sortedValues(
                  expectedEarly(dashboards, watermarks, newest, batches, judged)));
      List<String> crossing = early.values().stream().flatMap(List::stream).toList();
      assertThat(crossing).anyMatch(r -> r.contains("|temperature|1m/10s|"));
      assertThat(crossing).anyMatch(r -> r.contains("|vibration|45s/15s|"));
      assertThat(crossing).noneMatch(r -> r.contains("|temperature|45s/15s|"));
      // Both bounds on temperature had windows of their own.
      assertThat(crossing)
          .anyMatch(
              r ->
                  r.contains("|temperature|1m/10s|")
                      && Double.parseDouble(r.split("\\|")[8]) <= 0.5);
      // Windows crossing a bound stay in line until judged: some are emitted by several batches.
      assertThat(crossing).hasSizeGreaterThan(new java.util.HashSet<>(crossing).size());
      // With a lead, some windows were judged before the dashboards' value was final, and changed
      // after.
      assertThat(
              leadSeconds == 0
                  || all.stream()
                      .anyMatch(
                          r ->
                              dashboards.values().stream()
                                  .flatMap(List::stream)
                                  .map(WindowRowText::of)
                                  .filter(u -> key(u).equals(key(r)))
                                  .reduce((x, y) -> y)
                                  .filter(last -> !last.equals(r))
                                  .isPresent()))
          .isTrue();
    } finally {
      spark.conf().unset(NO_DATA_BATCHES);
      spark.conf().unset(PROVIDER);
      for (StreamingQuery q : queries) {
        q.stop();
      }
    }
  }

  /**
   * From the dashboards step's updates: a window the rules read is judged in the first batch whose
   * watermark, or whose newest reading of the window's series less the watermark delay, has reached
   * its end minus the lead, after a batch that changed it while the watermark had not; its value is
   * its last update up to that batch.
   */
  private static Map<Long, List<String>> expectedJudgements(
      Map<Long, List<Row>> dashboards,
      List<Long> watermarks,
      List<Map<String, Long>> newest,
      JudgedWindows judged) {
    Map<String, String> latest = new HashMap<>();
    Map<String, Long> dueAt = new HashMap<>();
    Set<String> done = new java.util.HashSet<>();
    Map<Long, List<String>> out = new TreeMap<>();
    for (long b = 0; b < watermarks.size(); b++) {
      long watermark = watermarks.get((int) b);
      for (Row r : dashboards.getOrDefault(b, List.of())) {
        WindowSpec spec = WindowSpec.parse(r.getString(r.fieldIndex("window")));
        if (!judged.metrics().getOrDefault(spec, Set.of()).contains(r.getAs("metric"))) {
          continue;
        }
        String text = WindowRowText.of(r);
        long due = ((Timestamp) r.getAs("windowEnd")).getTime() - judged.lead().toMillis();
        latest.put(key(text), text);
        if (due > watermark) {
          dueAt.putIfAbsent(key(text), due);
        }
      }
      for (Map.Entry<String, Long> e : dueAt.entrySet()) {
        Long seriesNewest = newest.get((int) b).get(series(e.getKey()));
        long judgedBy =
            seriesNewest == null
                ? watermark
                : Math.max(watermark, seriesNewest - WATERMARK.toMillis());
        if (e.getValue() <= judgedBy && done.add(e.getKey())) {
          out.computeIfAbsent(b, x -> new ArrayList<>()).add(latest.get(e.getKey()));
        }
      }
    }
    return out;
  }

  /**
   * From the dashboards step's updates: after each batch, per series with readings in it that Spark
   * does not drop as late, and per early bound on the series' metric, the window of the earliest
   * end that is not judged yet (its end less the lead is past the batch's watermark and the series'
   * newest reading less the watermark delay) and whose value so far crosses it; each window once.
   */
  private static Map<Long, List<String>> expectedEarly(
      Map<Long, List<Row>> dashboards,
      List<Long> watermarks,
      List<Map<String, Long>> newest,
      List<List<Row>> batches,
      JudgedWindows judged) {
    Map<String, Row> latest = new HashMap<>();
    Map<Long, List<String>> out = new TreeMap<>();
    for (int b = 0; b < watermarks.size(); b++) {
      long watermark = watermarks.get(b);
      long batch = b;
      for (Row r : dashboards.getOrDefault(batch, List.of())) {
        latest.put(key(WindowRowText.of(r)), r);
      }
      // Spark drops a reading as late by the watermark of the batch before (its watermark for late
      // events); the batch's own moves on with the readings of the batch before.
      long late = b == 0 ? Long.MIN_VALUE : watermarks.get(b - 1);
      Set<String> present = new java.util.TreeSet<>();
      for (Row r : batches.get(b)) {
        long ts = ((Timestamp) r.get(7)).getTime();
        // On the watermark itself the model would not know whether Spark drops the reading.
        assertThat(ts).isNotEqualTo(late);
        if (ts > late) {
          present.add(
              String.join("|", r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
        }
      }
      for (String s : present) {
        long judgedBy = Math.max(watermark, newest.get(b).get(s) - WATERMARK.toMillis());
        String metric = s.split("\\|")[3];
        for (WindowSpec spec : judged.metrics().keySet()) {
          List<EarlyBreach> bounds =
              judged.early().stream()
                  .filter(x -> x.spec().equals(spec) && x.metric().equals(metric))
                  .toList();
          // Each bound's first crossing window, each window once.
          Set<String> first = new java.util.TreeSet<>();
          for (EarlyBreach bound : bounds) {
            latest.values().stream()
                .filter(r -> series(key(WindowRowText.of(r))).equals(s))
                .filter(r -> r.getString(r.fieldIndex("window")).equals(spec.label()))
                .filter(r -> end(r) - judged.lead().toMillis() > judgedBy)
                .filter(
                    r ->
                        bound.crossedBy(
                            r.getDouble(r.fieldIndex("max")),
                            r.getDouble(r.fieldIndex("min")),
                            r.getLong(r.fieldIndex("count"))))
                .min(java.util.Comparator.comparingLong(JudgedWindowsIT::end))
                .ifPresent(r -> first.add(WindowRowText.of(r)));
          }
          if (!first.isEmpty()) {
            out.computeIfAbsent(batch, x -> new ArrayList<>()).addAll(first);
          }
        }
      }
    }
    return out;
  }

  private static long end(Row r) {
    return ((Timestamp) r.getAs("windowEnd")).getTime();
  }

  private static String series(String windowKey) {
    return String.join("|", java.util.Arrays.copyOf(windowKey.split("\\|"), 4));
  }

  /** A window's identity: the first six fields of its text. */
  private static String key(String text) {
    return String.join("|", java.util.Arrays.copyOf(text.split("\\|"), 6));
  }

  private static Row reading(Random random, String id, long ts, boolean silentToo) {
    String[] machines =
        silentToo
            ? new String[] {"press-1", "press 2", "press-3"}
            : new String[] {"press-1", "press 2"};
    String[] metrics = {"temperature", "vibration", "pressure"};
    String[] gateways = {null, "gw-a"};
    return RowFactory.create(
        id,
        "site-1",
        "L1",
        machines[random.nextInt(machines.length)],
        metrics[random.nextInt(metrics.length)],
        "unit-1",
        // Eighths add up exactly in any order, so both sides agree to the last bit.
        random.nextInt(800) / 8.0,
        new Timestamp(ts),
        gateways[random.nextInt(gateways.length)]);
  }
}
