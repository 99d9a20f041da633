package io.plantwatch.analytics.alerts.stream;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.AlertState;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.topics.WindowRecords;
import io.plantwatch.analytics.windows.SparkTimestamps;
import io.plantwatch.analytics.windows.WindowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

/**
 * Runs the alert lifecycle of one machine and metric over its final windows, in event-time order,
 * for every rule that watches them, and over the windows still filling that the windows step hands
 * over early. When no window came for the lifecycle's {@code staleAfter} of processing time while
 * an alert is PENDING or FIRING, Spark calls it with a timed-out state and the alert turns STALE
 * (at event time {@code last window end + staleAfter}).
 */
public final class AlertStateFunction
    implements FlatMapGroupsWithStateFunction<String, Row, MachineAlerts, RaisedAlert> {
  private final RuleSet rules;
  private final AlertLifecycle lifecycle;
  // Slides by window label, for windows still filling: parsed once per label, not per row.
  private transient Map<String, Long> slides;

  public AlertStateFunction(RuleSet rules, AlertLifecycle lifecycle) {
    this.rules = rules;
    this.lifecycle = lifecycle;
  }

  @Override
  public Iterator<RaisedAlert> call(
      String key, Iterator<Row> rows, GroupState<MachineAlerts> state) {
    MachineAlerts alerts = state.exists() ? state.get() : new MachineAlerts();
    String[] parts = key.split("\u0000", -1);
    MachineKey machine = new MachineKey(parts[0], parts[1], parts[2]);
    String metric = parts[3];
    List<AlertEvent> out = new ArrayList<>();
    if (state.hasTimedOut()) {
      for (Rule rule : rules.rules()) {
        AlertState s = alerts.byRule.get(rule.name());
        if (s != null && rule.metric().equals(metric)) {
          long due = lifecycle.timeoutDue(s);
          if (due >= 0) {
            out.addAll(lifecycle.timeout(machine, rule, s, due, null));
          }
        }
      }
    } else {
      List<Row> windows = new ArrayList<>();
      rows.forEachRemaining(windows::add);
      // The rows of one group share a schema; the early mark is absent from the earlier way's.
      int earlyAt =
          windows.isEmpty()
              ? -1
              : windows
                  .get(0)
                  .schema()
                  .getFieldIndex(WindowRecords.EARLY)
                  .map(i -> (Integer) i)
                  .getOrElse(() -> -1);
      // A window's final row before its early one: the early one is then a replay of what the
      // lifecycle has judged, not the first word on it.
      windows.sort(
          Comparator.comparingLong(AlertStateFunction::windowEnd)
              .thenComparing(w -> earlyAt >= 0 && w.getBoolean(earlyAt)));
      for (Row w : windows) {
        alerts.gateway = w.getAs("gateway");
        Observation o =
            new Observation(
                metric,
                w.getAs("window"),
                windowEnd(w),
                w.<Double>getAs("avg"),
                w.<Double>getAs("max"),
                w.<Double>getAs("min"),
                w.<Long>getAs("count"));
        boolean early = earlyAt >= 0 && w.getBoolean(earlyAt);
        for (Rule rule :
            rules.applicable(
                machine.site(), machine.line(), machine.machine(), metric, o.window())) {
          AlertState s = alerts.byRule.computeIfAbsent(rule.name(), n -> new AlertState());
          out.addAll(
              early
                  ? lifecycle.observeEarly(machine, rule, s, o, slideMs(o.window()))
                  : lifecycle.observe(machine, rule, s, o));
        }
      }
    }
    state.update(alerts);
    if (alerts.byRule.values().stream().anyMatch(s -> lifecycle.timeoutDue(s) >= 0)) {
      state.setTimeoutDuration(lifecycle.staleAfter().toMillis());
    }
    String gateway = alerts.gateway;
    return out.stream().map(e -> new RaisedAlert(e, gateway)).iterator();
  }

  private long slideMs(String window) {
    if (slides == null) {
      slides = new HashMap<>();
    }
    return slides.computeIfAbsent(window, l -> WindowSpec.parse(l).slide().toMillis());
  }

  static long windowEnd(Row w) {
    return SparkTimestamps.epochMillis(w.getAs("windowEnd"));
  }
}
