package io.plantwatch.analytics.windows;

import io.plantwatch.analytics.rejects.RejectedRecords;
import io.plantwatch.analytics.windows.SeriesPanes.Pane;
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
 * it gets here, so the ids kept are exactly those a repeat could still need. A timer at that time
 * removes a silent series.
 */
final class SeriesWindows extends StatefulProcessor<String, Row, Row> {
  private static final long serialVersionUID = 1L;

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
          .add(RejectedRecords.VALUE, DataTypes.StringType);

  /** Rejected records of one Kafka partition share the key {@code REJECTED + partition}. */
  static final String REJECTED = "\u0001rejected-";

  private static final long NO_PANES = Long.MIN_VALUE;

  // Ids are identifiers, which cannot hold control characters: U+0000 separates them.
  private static final String ID_SEPARATOR = "\u0000";

  private final long[] lengths;
  private final long[] slides;
  private final String[] labels;
  private final long paneMs;

  private transient ValueState<SeriesPanes> panesState;
  private transient MapState<Long, String> idsState;
  // Where a reading's fields are: the input's schema is the same for every key and batch.
  private transient Fields fields;

  SeriesWindows(List<WindowSpec> specs) {
    int n = specs.size();
    lengths = new long[n];
    slides = new long[n];
    labels = new String[n];
    long pane = 0;
    for (int i = 0; i < n; i++) {
      WindowSpec spec = specs.get(i);
      lengths[i] = spec.length().toMillis();
      slides[i] = spec.slide().toMillis();
      labels[i] = spec.label();
      pane = gcd(gcd(pane, lengths[i]), slides[i]);
    }
    paneMs = pane;
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
    NavigableMap<Long, Pane> panes = new TreeMap<>();
    if (panesState.exists()) {
      for (Pane p : panesState.get().panes()) {
        panes.put(p.start, p);
      }
    }
    // The timer set by the last batch: when the last of the stored panes closes.
    long timer = lastClose(panes);
    Map<Long, Set<String>> ids = new HashMap<>();
    Set<Long> touched = new TreeSet<>();
    Row first = null;
    Iterator<Row> readings = CollectionConverters.asJava(rows);
    while (readings.hasNext()) {
      Row r = readings.next();
      if (first == null) {
        first = r;
        if (fields == null) {
          fields = new Fields(r);
        }
      }
      long ts = SparkTimestamps.epochMillis(r.get(fields.eventTime));
      long start = Math.floorDiv(ts, paneMs) * paneMs;
      if (!ids.computeIfAbsent(start, this::storedIds).add(r.getString(fields.id))) {
        continue;
      }
      panes
          .computeIfAbsent(start, Pane::new)
          .add(r.getDouble(fields.value), r.getString(fields.unit), r.getString(fields.gateway));
      touched.add(start);
    }
    List<Row> out = first == null ? List.of() : windows(first, fields, panes, touched);
    for (Long start : touched) {
      idsState.updateValue(start, String.join(ID_SEPARATOR, ids.get(start)));
    }
    // Panes are dropped after the batch's windows are emitted: a reading this batch accepted may
    // still belong to a window the watermark is passing now, and that window's last value must
    // hold all of its panes, as Spark's aggregation emits a window before evicting it.
    long watermark = timerValues.getCurrentWatermarkInMs();
    for (Iterator<Pane> it = panes.values().iterator(); it.hasNext(); ) {
      Pane p = it.next();
      if (closesAt(p.start) <= watermark) {
        it.remove();
        idsState.removeKey(p.start);
      }
    }
    long lastClose = lastClose(panes);
    if (timer != lastClose) {
      if (timer != NO_PANES) {
        getHandle().deleteTimer(timer);
      }
      if (lastClose != NO_PANES) {
        getHandle().registerTimer(lastClose);
      }
    }
    if (panes.isEmpty()) {
      panesState.clear();
    } else {
      panesState.update(SeriesPanes.of(panes.values()));
    }
    return CollectionConverters.asScala(out.iterator());
  }

  @Override
  public scala.collection.Iterator<Row> handleExpiredTimer(
      String key, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) {
    // The watermark has passed every window of the series: nothing of it can change any more.
    panesState.clear();
    idsState.clear();
    return CollectionConverters.asScala(Collections.<Row>emptyIterator());
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

  private Set<String> storedIds(long paneStart) {
    String joined = idsState.getValue(paneStart);
    Set<String> set = new HashSet<>();
    if (joined != null) {
      Collections.addAll(set, joined.split(ID_SEPARATOR, -1));
    }
    return set;
  }

  /** Each window of each spec that holds a touched pane, with its whole aggregate. */
  private List<Row> windows(
      Row series, Fields f, NavigableMap<Long, Pane> panes, Set<Long> touched) {
    List<Row> out = new ArrayList<>();
    String site = series.getString(f.site);
    String line = series.getString(f.line);
    String machine = series.getString(f.machine);
    String metric = series.getString(f.metric);
    for (int i = 0; i < lengths.length; i++) {
      TreeSet<Long> starts = new TreeSet<>();
      for (long p : touched) {
        for (long s = Math.floorDiv(p, slides[i]) * slides[i]; s > p - lengths[i]; s -= slides[i]) {
          starts.add(s);
        }
      }
      for (long s : starts) {
        Pane w = new Pane(s);
        for (Pane p : panes.subMap(s, true, s + lengths[i], false).values()) {
          w.merge(p);
        }
        out.add(
            RowFactory.create(
                site,
                line,
                machine,
                metric,
                labels[i],
                s + lengths[i],
                w.sum / w.count,
                w.max,
                w.min,
                w.count,
                w.unit,
                w.gateway,
                null,
                null,
                null));
      }
    }
    return out;
  }

  /** When the last of {@code panes} closes: the series' timer; {@link #NO_PANES} for none. */
  private long lastClose(NavigableMap<Long, Pane> panes) {
    long close = NO_PANES;
    for (long start : panes.keySet()) {
      close = Math.max(close, closesAt(start));
    }
    return close;
  }

  /** The end of the last window, of any spec, that holds the pane starting at {@code start}. */
  private long closesAt(long start) {
    long close = Long.MIN_VALUE;
    for (int i = 0; i < lengths.length; i++) {
      close = Math.max(close, Math.floorDiv(start, slides[i]) * slides[i] + lengths[i]);
    }
    return close;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Where a reading's fields are in its row, found once per batch and series. */
  private static final class Fields {
    final int id;
    final int site;
    final int line;
    final int machine;
    final int metric;
    final int unit;
    final int value;
    final int eventTime;
    final int gateway;

    Fields(Row r) {
      id = r.fieldIndex("id");
      site = r.fieldIndex("site");
      line = r.fieldIndex("line");
      machine = r.fieldIndex("machine");
      metric = r.fieldIndex("metric");
      unit = r.fieldIndex(WindowStats.UNIT);
      value = r.fieldIndex("value");
      eventTime = r.fieldIndex("eventTime");
      gateway = r.fieldIndex(WindowStats.GATEWAY);
    }
  }
}
