package io.plantwatch.analytics.windows;

import io.plantwatch.analytics.windows.SeriesPanes.Pane;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every window of every spec for one series, from its panes. The readings of a micro-batch are
 * folded into their panes; each window that holds a pane the batch touched is emitted whole (its
 * aggregate so far, never a delta), which is what Spark's window aggregation emits in update mode.
 * A pane is dropped once the watermark has passed the end of the last window that holds it, as
 * Spark drops a window's state once the watermark passes its end; a series that falls silent times
 * out when its last pane would be dropped, and its state goes.
 */
final class PaneWindows implements FlatMapGroupsWithStateFunction<String, Row, SeriesPanes, Row> {
  private static final long serialVersionUID = 1L;

  /**
   * What the function emits; {@link WindowStats#ofEverySpec} turns {@code windowEndMs} into a time.
   */
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
          .add(WindowStats.GATEWAY, DataTypes.StringType);

  private final long[] lengths;
  private final long[] slides;
  private final String[] labels;
  private final long paneMs;

  PaneWindows(List<WindowSpec> specs) {
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

  /** The length of a pane: every window of every spec is a run of whole panes. */
  long paneMs() {
    return paneMs;
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> readings, GroupState<SeriesPanes> state) {
    if (state.hasTimedOut()) {
      state.remove();
      return Collections.emptyIterator();
    }
    long watermark = state.getCurrentWatermarkMs();
    NavigableMap<Long, Pane> panes = new TreeMap<>();
    if (state.exists()) {
      for (Pane p : state.get().panes()) {
        if (closesAt(p.start) > watermark) {
          panes.put(p.start, p);
        }
      }
    }
    TreeSet<Long> touched = new TreeSet<>();
    Row first = null;
    while (readings.hasNext()) {
      Row r = readings.next();
      if (first == null) {
        first = r;
      }
      long ts = eventTimeMs(r.get(r.fieldIndex("eventTime")));
      long start = Math.floorDiv(ts, paneMs) * paneMs;
      panes
          .computeIfAbsent(start, Pane::new)
          .add(
              r.getDouble(r.fieldIndex("value")),
              r.getString(r.fieldIndex(WindowStats.UNIT)),
              r.getString(r.fieldIndex(WindowStats.GATEWAY)));
      touched.add(start);
    }
    long lastClose = Long.MIN_VALUE;
    for (long start : panes.keySet()) {
      lastClose = Math.max(lastClose, closesAt(start));
    }
    state.update(SeriesPanes.of(panes.values()));
    state.setTimeoutTimestamp(lastClose);
    if (first == null) {
      return Collections.emptyIterator();
    }
    return windows(first, panes, touched).iterator();
  }

  /** Each window of each spec that holds a touched pane, with its whole aggregate. */
  private List<Row> windows(Row series, NavigableMap<Long, Pane> panes, TreeSet<Long> touched) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      TreeSet<Long> starts = new TreeSet<>();
      for (long p : touched) {
        for (long s = Math.floorDiv(p, slides[i]) * slides[i]; s > p - lengths[i]; s -= slides[i]) {
          starts.add(s);
        }
      }
      for (long s : starts) {
        Pane w = new Pane(s);
        for (Map.Entry<Long, Pane> e : panes.subMap(s, true, s + lengths[i], false).entrySet()) {
          Pane p = e.getValue();
          w.count += p.count;
          w.sum += p.sum;
          w.max = Math.max(w.max, p.max);
          w.min = Math.min(w.min, p.min);
          w.unit = Greatest.of(w.unit, p.unit);
          w.gateway = Greatest.of(w.gateway, p.gateway);
        }
        out.add(
            RowFactory.create(
                series.getString(series.fieldIndex("site")),
                series.getString(series.fieldIndex("line")),
                series.getString(series.fieldIndex("machine")),
                series.getString(series.fieldIndex("metric")),
                labels[i],
                s + lengths[i],
                w.sum / w.count,
                w.max,
                w.min,
                w.count,
                w.unit,
                w.gateway));
      }
    }
    return out;
  }

  /** The end of the last window, of any spec, that holds the pane starting at {@code start}. */
  private long closesAt(long start) {
    long close = Long.MIN_VALUE;
    for (int i = 0; i < lengths.length; i++) {
      close = Math.max(close, Math.floorDiv(start, slides[i]) * slides[i] + lengths[i]);
    }
    return close;
  }

  private static long eventTimeMs(Object time) {
    // java.sql.Timestamp by default, Instant when spark.sql.datetime.java8API.enabled is set.
    if (time instanceof java.time.Instant i) {
      return i.toEpochMilli();
    }
    return ((java.sql.Timestamp) time).getTime();
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
