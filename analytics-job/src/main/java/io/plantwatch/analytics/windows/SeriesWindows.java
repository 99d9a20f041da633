package io.plantwatch.analytics.windows;

import io.plantwatch.analytics.rejects.RejectedRecords;
import io.plantwatch.analytics.windows.SeriesPanes.Held;
import io.plantwatch.analytics.windows.SeriesPanes.Pane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.ExpiredTimerInfo;
import org.apache.spark.sql.streaming.MapState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One series' readings (site, line, machine, metric) → de-duplicated → panes → every window of
 * every spec that a micro-batch changed, each emitted whole (its aggregate so far, never a delta):
 * the rows Spark's de-duplication and window aggregation emit in update mode, from one stateful
 * step. Rejected records, when the input carries them, pass through under keys of their own, so
 * that the query that reads the topic for the windows also publishes its rejects.
 *
 * <p>State per series: the panes' aggregates in one value ({@link SeriesPanes}), and per pane the
 * ids of its readings (one map entry per pane, so a batch rewrites only the panes it touched). A
 * repeat has its first copy's event time and so lands in the same pane, where its id is found. A
 * pane and its ids leave the state once the watermark has passed the end of the last window that
 * holds the pane; a repeat arriving after that is behind the watermark and dropped as late before
 * it gets here, so the ids kept are exactly those a repeat could still need. A timer removes a
 * silent series: at that time for a series the alert rules read, up to one window length later for
 * the others ({@link #cleanupTimer}).
 *
 * <p>With {@link JudgedWindows}, the windows the alert rules read are also emitted once each, with
 * {@code judged} set, when they are final for the rules: an event-time timer at the window's end
 * minus the rules' lead fires in the first batch whose watermark has reached it, unless a batch
 * with readings of the series judged it sooner: when the series' newest reading less the watermark
 * delay has reached it. Only series whose metric a rule reads keep such timers, and only they cut
 * their panes to fit the judged specs: the panes of every other series are as long as the windows
 * specs alone allow. A batch with readings of such a series also emits, per spec with early bounds
 * on its metric, the first window not judged yet whose readings so far cross one, with {@code
 * judged} false ({@link JudgedWindows}).
 *
 * <p>With an interval to write at most every ({@code plantwatch.windows.emitEvery}), a series whose
 * windows were written less than that long ago (by the batches' time) holds its changes back in its
 * state, and writes every window they touched with the first later batch past the interval. A
 * window is never held past the moment it is final: a batch whose watermark, or whose readings of
 * the series less the watermark delay, reach the end of the first window held writes them all at
 * once, and so does an event-time timer at that end when the series falls silent.
 */
final class SeriesWindows extends StatefulProcessor<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /**
   * True on the rows the alert rules judge ({@link JudgedWindows}), false on windows still filling
   * that cross an early bound, null on the others.
   */
  static final String JUDGED = "judged";

  /** What it emits; {@link WindowStats#ofEverySpec} turns {@code windowEndMs} into a time. */
  static final StructType OUT =
      new StructType()
          .add("site", DataTypes.StringType)
          .add("line", DataTypes.StringType)
          .add("machine", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("window", DataTypes.StringType)
          .add("windowEndMs", DataTypes.LongType)
          .add("avg", DataTypes.DoubleType)
          .add("max", DataTypes.DoubleType)
          .add("min", DataTypes.DoubleType)
          .add("count", DataTypes.LongType)
          .add(WindowStats.UNIT, DataTypes.StringType)
          .add(WindowStats.GATEWAY, DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add(RejectedRecords.KEY, DataTypes.BinaryType)
          .add(RejectedRecords.VALUE, DataTypes.StringType)
          .add(JUDGED, DataTypes.BooleanType);

  /** Rejected records of one Kafka partition share the key {@code REJECTED + partition}. */
  static final String REJECTED = "\u0001rejected-";

  // A series without panes has no timer either: one mark for both, the one its state row uses.
  private static final long NO_PANES = SeriesPanes.NO_TIMER;

  // No window of a spec is due at a time that is not its end minus the lead.
  private static final long NOT_DUE = Long.MIN_VALUE;

  // Ids are identifiers, which cannot hold control characters: U+0000 separates them.
  private static final String ID_SEPARATOR = "\u0000";

  // How WindowStats.seriesKey() joins site, line, machine and metric.
  private static final String KEY_SEPARATOR = "\u0000";

  private final long[] lengths;
  private final long[] slides;
  private final String[] labels;
  // Specs [0, updated) are the windows emitted on every change; the rest are judged only.
  private final int updated;
  private final List<Set<String>> judgedMetrics;
  // The bounds a rule fires on before the window is final, of every spec and metric.
  private final List<EarlyBreach> bounds;
  private final long leadMs;
  // The windows' watermark delay: a series whose newest reading is this far past a judged window's
  // due time has made it final for the rules on its own (see handleInputRows).
  private final long watermarkMs;
  // How long a series' changed windows may wait for their next write; 0 = with every batch.
  private final long emitEveryMs;

  private transient ValueState<SeriesPanes> panesState;
  private transient MapState<Long, String> idsState;
  // Where a reading's fields are: the input's schema is the same for every key and batch.
  private transient Fields fields;
  private transient Map<String, Series> byMetric;

  SeriesWindows(List<WindowSpec> windows) {
    this(windows, JudgedWindows.none(), Duration.ZERO);
  }

  SeriesWindows(List<WindowSpec> windows, JudgedWindows judged, Duration watermark) {
    this(windows, judged, watermark, Duration.ZERO);
  }

  SeriesWindows(
      List<WindowSpec> windows, JudgedWindows judged, Duration watermark, Duration emitEvery) {
    List<WindowSpec> specs = judged.stepSpecs(windows);
    int n = specs.size();
    lengths = new long[n];
    slides = new long[n];
    labels = new String[n];
    updated = windows.size();
    judgedMetrics = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WindowSpec spec = specs.get(i);
      lengths[i] = spec.length().toMillis();
      slides[i] = spec.slide().toMillis();
      labels[i] = spec.label();
      judgedMetrics.add(Set.copyOf(judged.metrics().getOrDefault(spec, Set.of())));
    }
    bounds = judged.early();
    leadMs = judged.lead().toMillis();
    watermarkMs = watermark.toMillis();
    emitEveryMs = emitEvery.toMillis();
  }

  @Override
  public void init(OutputMode outputMode, TimeMode timeMode) {
    panesState =
        getHandle().getValueState("panes", Encoders.bean(SeriesPanes.class), TTLConfig.NONE());
    idsState = getHandle().getMapState("ids", Encoders.LONG(), Encoders.STRING(), TTLConfig.NONE());
  }

  @Override
  public scala.collection.Iterator<Row> handleInputRows(
      String key, scala.collection.Iterator<Row> rows, TimerValues timerValues) {
    if (key.startsWith(REJECTED)) {
      return CollectionConverters.asScala(rejected(CollectionConverters.asJava(rows)).iterator());
    }
    Series series = series(key);
    SeriesPanes stored = storedPanes();
    NavigableMap<Long, Pane> panes = panes(stored);
    // The timer set by the last batch: where the state says, or else when the last of the stored
    // panes closes.
    long timer = stored == null ? NO_PANES : stored.timer();
    if (timer == NO_PANES) {
      timer = lastClose(panes, series);
    }
    Map<Long, Set<String>> ids = new HashMap<>();
    TreeSet<Long> touched = new TreeSet<>();
    long newest = Long.MIN_VALUE;
    Iterator<Row> readings = CollectionConverters.asJava(rows);
    while (readings.hasNext()) {
      Row r = readings.next();
      if (fields == null) {
        fields = new Fields(r);
      }
      long ts = SparkTimestamps.epochMillis(r.get(fields.eventTime));
      newest = Math.max(newest, ts);
      long start = Math.floorDiv(ts, series.paneMs) * series.paneMs;
      if (!ids.computeIfAbsent(start, this::storedIds).add(r.getString(fields.id))) {
        continue;
      }
      panes
          .computeIfAbsent(start, Pane::new)
          .add(r.getDouble(fields.value), r.getString(fields.unit), r.getString(fields.gateway));
      touched.add(start);
    }
    for (Long start : touched) {
      idsState.updateValue(start, String.join(ID_SEPARATOR, ids.get(start)));
    }
    long watermark = timerValues.getCurrentWatermarkInMs();
    long judgedBy =
        newest == Long.MIN_VALUE ? watermark : Math.max(watermark, newest - watermarkMs);
    Held held = stored == null ? Held.NONE : stored.held();
    TreeSet<Long> changed = touched;
    if (held.holds()) {
      changed = heldPanes(panes, held);
      changed.addAll(touched);
    }
    long now = timerValues.getCurrentProcessingTimeInMs();
    List<Row> out;
    Held holding;
    if (writesNow(changed, held, judgedBy, now)) {
      out = updates(key, panes, changed);
      holding = emitEveryMs == 0 ? Held.NONE : new Held(now, Held.NO_PANE, Held.NO_PANE);
    } else {
      out = new ArrayList<>();
      holding = new Held(held.writtenAt(), changed.first(), changed.last());
    }
    Set<Long> timers = series.judged.length == 0 ? new HashSet<>() : registeredTimers();
    if (series.judged.length > 0) {
      // A window the rules read is judged when the watermark reaches its end minus the lead; one
      // that reached it before a reading of it came is judged no more (late for the rules).
      for (long p : touched) {
        for (int i : series.judged) {
          for (long s = windowStart(p, i); s > p - lengths[i]; s -= slides[i]) {
            long due = s + lengths[i] - leadMs;
            if (due > watermark && timers.add(due)) {
              getHandle().registerTimer(due);
            }
          }
        }
      }
    }
    // Windows the rules read that are due by this batch's watermark are judged here, with this
    // batch's readings, and their timers deleted: the same windows their timers would judge after
    // this call, without reading the series' state once more per timer. Timers fire only for
    // series that had no readings in the batch.
    // So are those the series' own newest reading makes due: the watermark this batch's readings
    // set counts only from the next batch, and waiting for it cost every alert a micro-batch. The
    // next batch's watermark is at least as far on, so these windows are neither registered nor
    // judged again; this series' own clock never passes its clean-up timer (its last pane closes
    // after its newest reading).
    for (long t : new ArrayList<>(timers)) {
      if (t <= judgedBy) {
        out.addAll(judged(key, t, panes));
        getHandle().deleteTimer(t);
        timers.remove(t);
      }
    }
    out.addAll(crossing(key, series, panes, judgedBy));
    // Panes are dropped after the batch's windows are emitted: a reading this batch accepted may
    // still belong to a window the watermark is passing now, and that window's last value must
    // hold all of its panes, as Spark's aggregation emits a window before evicting it.
    for (Iterator<Pane> it = panes.values().iterator(); it.hasNext(); ) {
      Pane p = it.next();
      if (closesAt(p.start, series) <= watermark) {
        it.remove();
        idsState.removeKey(p.start);
      }
    }
    long lastClose = lastClose(panes, series);
    boolean judgedSeries = series.judged.length > 0;
    long timerBefore = timer;
    if (!judgedSeries) {
      timer = cleanupTimer(timer, lastClose, series);
    } else if (timer != lastClose) {
      // For a series the rules read, the old time stays when a window they read is due then too,
      // and is gone already when it was due in this batch.
      if (timer != NO_PANES && timers.contains(timer) && !isDue(timer, panes, series)) {
        getHandle().deleteTimer(timer);
        timers.remove(timer);
      }
      if (lastClose != NO_PANES && timers.add(lastClose)) {
        getHandle().registerTimer(lastClose);
      }
    }
    if (held.holds() || holding.holds()) {
      long oldFlush = held.holds() ? flushAt(held.from()) : NO_PANES;
      long newFlush = holding.holds() ? flushAt(holding.from()) : NO_PANES;
      // The timers of this series are known: listed for a series the rules read, the clean-up
      // timer and the flush timer for the others. A time may serve more than one purpose.
      boolean oldRegistered =
          judgedSeries
              ? timers.contains(oldFlush)
              : oldFlush != NO_PANES && !(oldFlush == timerBefore && timer != timerBefore);
      boolean oldNeeded =
          judgedSeries
              ? oldFlush == lastClose || isDue(oldFlush, panes, series)
              : oldFlush == timer;
      if (oldFlush != NO_PANES && oldFlush != newFlush && oldRegistered && !oldNeeded) {
        getHandle().deleteTimer(oldFlush);
        timers.remove(oldFlush);
      }
      boolean newRegistered =
          judgedSeries
              ? timers.contains(newFlush)
              : newFlush == timer || (newFlush == oldFlush && oldRegistered);
      if (newFlush != NO_PANES && !newRegistered) {
        getHandle().registerTimer(newFlush);
      }
    }
    if (panes.isEmpty()) {
      panesState.clear();
    } else {
      panesState.update(SeriesPanes.of(panes.values(), judgedSeries ? NO_PANES : timer, holding));
    }
    return CollectionConverters.asScala(out.iterator());
  }

  /**
   * Whether a batch writes the windows its series changed (with those held back) now, or holds
   * them: it writes when there is no interval, when the series' last write is at least that long
   * ago, and when the first window held is final for the watermark or the series' own readings.
   */
  private boolean writesNow(TreeSet<Long> changed, Held held, long judgedBy, long now) {
    if (emitEveryMs == 0 || updated == 0 || changed.isEmpty() || now < 0) {
      return true;
    }
    return held.writtenAt() == Long.MIN_VALUE
        || now - held.writtenAt() >= emitEveryMs
        || flushAt(changed.first()) <= judgedBy;
  }

  /** The starts of the panes whose changes {@code held} holds back. */
  private static TreeSet<Long> heldPanes(NavigableMap<Long, Pane> panes, Held held) {
    return new TreeSet<>(panes.subMap(held.from(), true, held.to(), true).keySet());
  }

  /** The end of the first window of any written spec that holds the pane at {@code pane}. */
  private long flushAt(long pane) {
    long end = Long.MAX_VALUE;
    for (int i = 0; i < updated; i++) {
      for (long s = windowStart(pane, i); s > pane - lengths[i]; s -= slides[i]) {
        end = Math.min(end, s + lengths[i]);
      }
    }
    return end;
  }

  /**
   * The clean-up timer of a series the rules do not read. It moves only once the last of the
   * series' panes closes after it, and then to one window length (the longest the series keeps)
   * beyond: timers live in the state store (two entries each, looked up before every change), and
   * moving one with every new pane of every series cost a third more time in the batches that
   * started a pane. A series that falls silent leaves the state that much later at most.
   */
  private long cleanupTimer(long timer, long lastClose, Series series) {
    if (lastClose != NO_PANES && timer != NO_PANES && timer >= lastClose) {
      return timer;
    }
    if (timer != NO_PANES) {
      getHandle().deleteTimer(timer);
    }
    if (lastClose == NO_PANES) {
      return NO_PANES;
    }
    long moved = lastClose + series.longestMs;
    getHandle().registerTimer(moved);
    return moved;
  }

  @Override
  public scala.collection.Iterator<Row> handleExpiredTimer(
      String key, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) {
    long t = expiredTimerInfo.getExpiryTimeInMs();
    Series series = series(key);
    SeriesPanes stored = storedPanes();
    NavigableMap<Long, Pane> panes = panes(stored);
    List<Row> out = series.judged.length == 0 ? new ArrayList<>() : judged(key, t, panes);
    Held held = stored == null ? Held.NONE : stored.held();
    boolean flushed = held.holds() && flushAt(held.from()) <= t;
    if (flushed) {
      // The series fell silent holding changes and the first window they touched is now final.
      out.addAll(updates(key, panes, heldPanes(panes, held)));
    }
    if (t >= lastClose(panes, series)) {
      // The watermark has passed every window of the series: nothing of it can change any more.
      panesState.clear();
      idsState.clear();
    } else if (flushed) {
      Held written =
          new Held(timerValues.getCurrentProcessingTimeInMs(), Held.NO_PANE, Held.NO_PANE);
      panesState.update(
          SeriesPanes.of(
              panes.values(), series.judged.length > 0 ? NO_PANES : stored.timer(), written));
    }
    return CollectionConverters.asScala(out.iterator());
  }

  /**
   * Rejected records pass through unchanged, in the order of their offsets (the shuffle does not
   * keep it), to be published by the query's sink.
   */
  private static List<Row> rejected(Iterator<Row> rows) {
    List<Row> in = new ArrayList<>();
    rows.forEachRemaining(in::add);
    int offset = in.get(0).fieldIndex("rejectOffset");
    in.sort(java.util.Comparator.comparingLong(r -> r.getLong(offset)));
    List<Row> out = new ArrayList<>(in.size());
    for (Row r : in) {
      Object[] values = new Object[OUT.size()];
      values[OUT.fieldIndex("reason")] = r.getString(r.fieldIndex("reason"));
      values[OUT.fieldIndex(RejectedRecords.KEY)] = r.get(r.fieldIndex(RejectedRecords.KEY));
      values[OUT.fieldIndex(RejectedRecords.VALUE)] =
          r.getString(r.fieldIndex(RejectedRecords.VALUE));
      out.add(RowFactory.create(values));
    }
    return out;
  }

  /**
   * The series' stored panes, or null. One read of the state store: Spark's {@code exists()} is a
   * whole {@code get()}, with the row decoded, so asking it first read every series' panes twice.
   */
  private SeriesPanes storedPanes() {
    return panesState.get();
  }

  private Set<String> storedIds(long paneStart) {
    String joined = idsState.getValue(paneStart);
    Set<String> set = new HashSet<>();
    if (joined != null) {
      Collections.addAll(set, joined.split(ID_SEPARATOR, -1));
    }
    return set;
  }

  /** Each window of each windows spec that holds a touched pane, with its whole aggregate. */
  private List<Row> updates(String key, NavigableMap<Long, Pane> panes, Set<Long> touched) {
    List<Row> out = new ArrayList<>();
    String[] series = key.split(KEY_SEPARATOR, -1);
    for (int i = 0; i < updated; i++) {
      TreeSet<Long> starts = new TreeSet<>();
      for (long p : touched) {
        for (long s = windowStart(p, i); s > p - lengths[i]; s -= slides[i]) {
          starts.add(s);
        }
      }
      for (long s : starts) {
        Pane w = window(panes, s, i);
        out.add(row(series, i, s, w, null));
      }
    }
    return out;
  }

  /** The windows the rules read that are due at {@code t}, each once, with {@code judged} set. */
  private List<Row> judged(String key, long t, NavigableMap<Long, Pane> panes) {
    List<Row> out = new ArrayList<>();
    String[] series = key.split(KEY_SEPARATOR, -1);
    for (int i : series(key).judged) {
      long start = dueStart(t, i);
      if (start != NOT_DUE) {
        Pane w = window(panes, start, i);
        if (w.count > 0) {
          out.add(row(series, i, start, w, Boolean.TRUE));
        }
      }
    }
    return out;
  }

  /**
   * Per spec and early bound on the series' metric, the first window not judged yet (its end less
   * the lead is past {@code judgedBy}) whose readings so far cross it, each window once, with
   * {@code judged} false. One bound's window does not hide another's: bounds come from rules with
   * other thresholds and selectors. Every such window is looked at, not only those the batch
   * touched: one judged in this batch may leave a crossing window next in line for a rule counting
   * consecutive windows.
   */
  private List<Row> crossing(
      String key, Series series, NavigableMap<Long, Pane> panes, long judgedBy) {
    List<Row> out = new ArrayList<>();
    if (series.early.length == 0 || panes.isEmpty()) {
      return out;
    }
    String[] names = null;
    for (SpecBounds spec : series.early) {
      int i = spec.spec();
      long first = (Math.floorDiv(judgedBy + leadMs - lengths[i], slides[i]) + 1) * slides[i];
      long last = windowStart(panes.lastKey(), i);
      // The panes of every window not judged yet, merged: a window holds a part of them, so when
      // they cross no bound none of those windows does (the usual case, and the cheap one with
      // long windows).
      Pane all = new Pane(first);
      for (Pane p : panes.tailMap(first, true).values()) {
        all.merge(p);
      }
      TreeMap<Long, Pane> crossed = new TreeMap<>();
      for (EarlyBreach b : spec.bounds()) {
        if (!b.crossedBy(all.max, all.min, all.count)) {
          continue;
        }
        for (long s = first; s <= last; s += slides[i]) {
          Pane w = window(panes, s, i);
          if (w.count > 0 && b.crossedBy(w.max, w.min, w.count)) {
            crossed.put(s, w);
            break;
          }
        }
      }
      for (Map.Entry<Long, Pane> w : crossed.entrySet()) {
        names = names == null ? key.split(KEY_SEPARATOR, -1) : names;
        out.add(row(names, i, w.getKey(), w.getValue(), Boolean.FALSE));
      }
    }
    return out;
  }

  /** Whether a window the rules read, holding a pane, is due at {@code t}. */
  private boolean isDue(long t, NavigableMap<Long, Pane> panes, Series series) {
    for (int i : series.judged) {
      long start = dueStart(t, i);
      if (start != NOT_DUE && !panes.subMap(start, true, start + lengths[i], false).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The start of the window of spec {@code i} due at {@code t}, or {@link #NOT_DUE}. */
  private long dueStart(long t, int i) {
    long start = t + leadMs - lengths[i];
    return Math.floorMod(start, slides[i]) == 0 ? start : NOT_DUE;
  }

  /** The window of spec {@code i} starting at {@code start}: its panes merged. */
  private Pane window(NavigableMap<Long, Pane> panes, long start, int i) {
    Pane w = new Pane(start);
    for (Pane p : panes.subMap(start, true, start + lengths[i], false).values()) {
      w.merge(p);
    }
    return w;
  }

  private Row row(String[] series, int i, long start, Pane w, Boolean judged) {
    return RowFactory.create(
        series[0],
        series[1],
        series[2],
        series[3],
        labels[i],
        start + lengths[i],
        w.sum / w.count,
        w.max,
        w.min,
        w.count,
        w.unit,
        w.gateway,
        null,
        null,
        null,
        judged);
  }

  /** The start of the last window of spec {@code i} that holds the pane starting at {@code p}. */
  private long windowStart(long p, int i) {
    return Math.floorDiv(p, slides[i]) * slides[i];
  }

  private static NavigableMap<Long, Pane> panes(SeriesPanes stored) {
    NavigableMap<Long, Pane> panes = new TreeMap<>();
    if (stored != null) {
      for (Pane p : stored.panes()) {
        panes.put(p.start, p);
      }
    }
    return panes;
  }

  private Set<Long> registeredTimers() {
    Set<Long> timers = new HashSet<>();
    scala.collection.Iterator<Object> it = getHandle().listTimers();
    while (it.hasNext()) {
      timers.add((Long) it.next());
    }
    return timers;
  }

  /** When the last of {@code panes} closes: the series' timer; {@link #NO_PANES} for none. */
  private long lastClose(NavigableMap<Long, Pane> panes, Series series) {
    long close = NO_PANES;
    for (long start : panes.keySet()) {
      close = Math.max(close, closesAt(start, series));
    }
    return close;
  }

  /**
   * The end of the last window, of any spec the series keeps, that holds the pane at {@code start}.
   */
  private long closesAt(long start, Series series) {
    long close = Long.MIN_VALUE;
    for (int i : series.kept) {
      close = Math.max(close, windowStart(start, i) + lengths[i]);
    }
    return close;
  }

  /** What a series keeps, by its metric (the last part of its key). */
  private Series series(String key) {
    String metric = key.substring(key.lastIndexOf(KEY_SEPARATOR) + 1);
    if (byMetric == null) {
      byMetric = new HashMap<>();
    }
    return byMetric.computeIfAbsent(metric, this::seriesOf);
  }

  private Series seriesOf(String metric) {
    List<Integer> kept = new ArrayList<>();
    List<Integer> judged = new ArrayList<>();
    List<SpecBounds> early = new ArrayList<>();
    long pane = 0;
    long longest = 0;
    for (int i = 0; i < lengths.length; i++) {
      boolean readByRules = judgedMetrics.get(i).contains(metric);
      if (i < updated || readByRules) {
        kept.add(i);
        pane = gcd(gcd(pane, lengths[i]), slides[i]);
        longest = Math.max(longest, lengths[i]);
      }
      if (readByRules) {
        judged.add(i);
        String label = labels[i];
        EarlyBreach[] onMetric =
            bounds.stream()
                .filter(b -> b.spec().label().equals(label) && b.metric().equals(metric))
                .toArray(EarlyBreach[]::new);
        if (onMetric.length > 0) {
          early.add(new SpecBounds(i, onMetric));
        }
      }
    }
    return new Series(
        pane,
        longest,
        kept.stream().mapToInt(Integer::intValue).toArray(),
        judged.stream().mapToInt(Integer::intValue).toArray(),
        early.toArray(SpecBounds[]::new));
  }

  /**
   * The specs one series keeps panes for (every windows spec, and the judged specs whose rules read
   * its metric), the pane length they need, the longest of their lengths, the judged ones, and
   * those of the judged ones with early bounds on its metric.
   */
  private record Series(
      long paneMs, long longestMs, int[] kept, int[] judged, SpecBounds[] early) {}

  /** The early bounds on one series' metric in the spec at index {@code spec}. */
  private record SpecBounds(int spec, EarlyBreach[] bounds) {}

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Where a reading's fields are in its row, found once per batch and series. */
  private static final class Fields {
    final int id;
    final int unit;
    final int value;
    final int eventTime;
    final int gateway;

    Fields(Row r) {
      id = r.fieldIndex("id");
      unit = r.fieldIndex(WindowStats.UNIT);
      value = r.fieldIndex("value");
      eventTime = r.fieldIndex("eventTime");
      gateway = r.fieldIndex(WindowStats.GATEWAY);
    }
  }
}
