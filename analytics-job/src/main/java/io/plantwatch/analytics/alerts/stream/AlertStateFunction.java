package io.plantwatch.analytics.alerts.stream;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.AlertState;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.windows.SparkTimestamps;
import io.plantwatch.analytics.windows.WindowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
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
  /** The column that marks a window still filling ({@link AlertLifecycle#observeEarly}). */
  static final String EARLY = "early";

  private final RuleSet rules;
  private final AlertLifecycle lifecycle;

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
      windows.sort(Comparator.comparingLong(AlertStateFunction::windowEnd));
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
        boolean early = isEarly(w);
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

  /** A row of a window still filling whose readings so far cross a rule's bound. */
  private static boolean isEarly(Row w) {
    scala.Option<Object> at = w.schema().getFieldIndex(EARLY);
    return at.isDefined() && w.getBoolean((Integer) at.get());
  }

  private static long slideMs(String window) {
    return WindowSpec.parse(window).slide().toMillis();
  }

  static long windowEnd(Row w) {
    return SparkTimestamps.epochMillis(w.getAs("windowEnd"));
  }
}
