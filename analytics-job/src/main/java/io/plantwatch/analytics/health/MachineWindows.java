package io.plantwatch.analytics.health;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

/**
 * The stateful step of health scoring, per machine: readings are gathered into tumbling windows of
 * one cycle; a window closes when the watermark passes its end, and then its statistics (avg, max,
 * min per metric) go into the machine's {@link MachineHistory} and the features after it are
 * emitted. Closing on the watermark, in window order, means every window is complete and the
 * history sees windows in the same order as training walked cycles. A reading repeated within an
 * open window (same id) counts once; a reading for a window already closed is late and ignored.
 */
public final class MachineWindows
    implements FlatMapGroupsWithStateFunction<String, Row, MachineWindows.State, HealthFeatures> {
  private final Features spec;
  private final long cycleMillis;

  public MachineWindows(Features spec, long cycleMillis) {
    this.spec = spec;
    this.cycleMillis = cycleMillis;
  }

  /** What is kept per machine between micro-batches. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    String site;
    String line;
    String machine;
    MachineHistory history;
    long closedUpTo = Long.MIN_VALUE;

    /** Open windows by index (start / cycle length): reading id → metric and value. */
    TreeMap<Long, LinkedHashMap<String, Object[]>> open = new TreeMap<>();
  }

  @Override
  public Iterator<HealthFeatures> call(
      String key, Iterator<Row> readings, GroupState<State> group) {
    State state = group.exists() ? group.get() : new State();
    if (state.history == null) {
      state.history = new MachineHistory(spec);
    }
    while (readings.hasNext()) {
      Row r = readings.next();
      state.site = r.getAs("site");
      state.line = r.getAs("line");
      state.machine = r.getAs("machine");
      long ts = ((Timestamp) r.getAs("eventTime")).getTime();
      long index = Math.floorDiv(ts, cycleMillis);
      if (index <= state.closedUpTo) {
        continue;
      }
      state
          .open
          .computeIfAbsent(index, i -> new LinkedHashMap<>())
          .putIfAbsent(r.getAs("id"), new Object[] {r.getAs("metric"), r.getAs("value")});
    }
    List<HealthFeatures> out = new ArrayList<>();
    long watermark = group.getCurrentWatermarkMs();
    while (!state.open.isEmpty() && (state.open.firstKey() + 1) * cycleMillis <= watermark) {
      Map.Entry<Long, LinkedHashMap<String, Object[]>> window = state.open.pollFirstEntry();
      state.closedUpTo = window.getKey();
      state.history.add(statistics(window.getValue().values()));
      double[] features = state.history.features();
      if (features != null) {
        out.add(
            new HealthFeatures(
                state.site,
                state.line,
                state.machine,
                (window.getKey() + 1) * cycleMillis,
                state.history.cycles(),
                features));
      }
    }
    group.update(state);
    if (!state.open.isEmpty()) {
      group.setTimeoutTimestamp((state.open.firstKey() + 1) * cycleMillis);
    }
    return out.iterator();
  }

  /** Per metric: the average, largest and smallest value of a window's readings. */
  static Map<String, MetricWindow> statistics(Iterable<Object[]> readings) {
    Map<String, double[]> acc = new HashMap<>();
    for (Object[] r : readings) {
      double v = (Double) r[1];
      double[] a =
          acc.computeIfAbsent(
              (String) r[0],
              m -> new double[] {0, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
      a[0] += v;
      a[1]++;
      a[2] = Math.max(a[2], v);
      a[3] = Math.min(a[3], v);
    }
    Map<String, MetricWindow> out = new HashMap<>();
    acc.forEach((m, a) -> out.put(m, new MetricWindow(a[0] / a[1], a[2], a[3])));
    return out;
  }
}
