package io.plantwatch.view.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the view knows, built only from what the pipeline published: windows, remaining-life
 * predictions, alert transitions and gateway statuses. The view computes no window and no alert
 * state of its own; it keeps the newest of each and a bounded history for the charts. One feed
 * thread writes, page requests read; every change bumps {@link #version()} so that pages know when
 * to fetch again.
 */
public final class Fleet {
  private final long historyMillis;
  private final int maxPointsPerSeries;
  private final int maxTransitions;

  private final Map<SeriesKey, TreeMap<Long, WindowValue>> windows = new HashMap<>();
  private final Map<MachineId, TreeMap<Long, HealthValue>> health = new HashMap<>();
  private final Deque<AlertTransition> transitions = new ArrayDeque<>();
  private final Set<String> transitionIds = new HashSet<>();
  private final Map<MachineId, Map<String, AlertTransition>> currentAlerts = new HashMap<>();
  private final Map<String, Boolean> gatewayOnline = new HashMap<>();
  private final AtomicLong version = new AtomicLong();

  public Fleet(long historyMillis, int maxPointsPerSeries, int maxTransitions) {
    this.historyMillis = historyMillis;
    this.maxPointsPerSeries = maxPointsPerSeries;
    this.maxTransitions = maxTransitions;
  }

  public long version() {
    return version.get();
  }

  /** A window as the job wrote it; a later write of the same window replaces it. */
  public synchronized void window(SeriesKey key, WindowValue value) {
    TreeMap<Long, WindowValue> series = windows.computeIfAbsent(key, k -> new TreeMap<>());
    series.put(value.windowEnd(), value);
    trim(series);
    version.incrementAndGet();
  }

  public synchronized void health(MachineId machine, HealthValue value) {
    TreeMap<Long, HealthValue> series = health.computeIfAbsent(machine, k -> new TreeMap<>());
    series.put(value.at(), value);
    trim(series);
    version.incrementAndGet();
  }

  /** An alert transition; a transition seen before (a replayed batch) changes nothing. */
  public synchronized void alert(AlertTransition t) {
    if (!transitionIds.add(t.id())) {
      return;
    }
    transitions.addFirst(t);
    while (transitions.size() > maxTransitions) {
      transitionIds.remove(transitions.removeLast().id());
    }
    Map<String, AlertTransition> rules =
        currentAlerts.computeIfAbsent(t.machine(), k -> new HashMap<>());
    AlertTransition before = rules.get(t.rule());
    // Partitions may deliver transitions of one alert out of order after a job restart.
    if (before == null || before.at() <= t.at()) {
      rules.put(t.rule(), t);
    }
    version.incrementAndGet();
  }

  public synchronized void gateway(String gateway, boolean online) {
    Boolean before = gatewayOnline.put(gateway, online);
    if (before == null || before != online) {
      version.incrementAndGet();
    }
  }

  /** Every machine with its newest windows, states, prediction and gateway, machines sorted. */
  public synchronized List<MachineView> machines() {
    // One pass over the series: a fleet page is fetched every time the data moves.
    Map<MachineId, List<MetricView>> metrics = new TreeMap<>();
    Map<MachineId, WindowValue> newestWithGateway = new HashMap<>();
    for (Map.Entry<SeriesKey, TreeMap<Long, WindowValue>> e : windows.entrySet()) {
      SeriesKey key = e.getKey();
      WindowValue newest = e.getValue().lastEntry().getValue();
      metrics
          .computeIfAbsent(key.machine(), k -> new ArrayList<>())
          .add(
              new MetricView(
                  key.metric(), key.window(), newest, level(key.machine(), key.metric())));
      if (newest.gateway() != null) {
        newestWithGateway.merge(
            key.machine(), newest, (a, b) -> a.windowEnd() >= b.windowEnd() ? a : b);
      }
    }
    for (MachineId m : health.keySet()) {
      metrics.computeIfAbsent(m, k -> new ArrayList<>());
    }
    for (MachineId m : currentAlerts.keySet()) {
      metrics.computeIfAbsent(m, k -> new ArrayList<>());
    }
    List<MachineView> out = new ArrayList<>();
    for (Map.Entry<MachineId, List<MetricView>> e : metrics.entrySet()) {
      MachineId m = e.getKey();
      List<MetricView> list = e.getValue();
      list.sort(
          java.util.Comparator.comparing(MetricView::metric).thenComparing(MetricView::window));
      WindowValue withGateway = newestWithGateway.get(m);
      String gateway = withGateway != null ? withGateway.gateway() : gatewayOfAlerts(m);
      TreeMap<Long, HealthValue> h = health.get(m);
      out.add(
          new MachineView(
              m,
              gateway,
              gateway == null ? null : gatewayOnline.get(gateway),
              machineLevel(m),
              h == null ? null : h.lastEntry().getValue(),
              list,
              List.copyOf(currentAlerts.getOrDefault(m, Map.of()).values())));
    }
    return out;
  }

  /** One machine's history for its page, or null when the view has never heard of it. */
  public synchronized MachineHistory history(MachineId m, RuleThresholds rules) {
    Map<SeriesKey, List<WindowValue>> series = new TreeMap<>();
    for (Map.Entry<SeriesKey, TreeMap<Long, WindowValue>> e : windows.entrySet()) {
      if (e.getKey().machine().equals(m)) {
        series.put(e.getKey(), List.copyOf(e.getValue().values()));
      }
    }
    TreeMap<Long, HealthValue> h = health.get(m);
    List<AlertTransition> ts = new ArrayList<>();
    for (AlertTransition t : transitions) {
      if (t.machine().equals(m)) {
        ts.add(t);
      }
    }
    if (series.isEmpty() && h == null && ts.isEmpty()) {
      return null;
    }
    Map<String, Map<String, RuleThresholds.Threshold>> thresholds = new TreeMap<>();
    for (SeriesKey k : series.keySet()) {
      for (RuleThresholds.Threshold t : rules.on(m, k.metric())) {
        thresholds.computeIfAbsent(k.metric(), x -> new LinkedHashMap<>()).put(t.rule(), t);
      }
    }
    // Oldest first, so the newest threshold of a rule wins.
    for (int i = ts.size() - 1; i >= 0; i--) {
      AlertTransition t = ts.get(i);
      if (t.threshold() != null && t.metric() != null && !t.metric().isEmpty()) {
        thresholds
            .computeIfAbsent(t.metric(), x -> new LinkedHashMap<>())
            .put(t.rule(), new RuleThresholds.Threshold(t.rule(), t.severity(), "", t.threshold()));
      }
    }
    Map<String, List<RuleThresholds.Threshold>> byMetric = new TreeMap<>();
    thresholds.forEach((metric, byRule) -> byMetric.put(metric, List.copyOf(byRule.values())));
    return new MachineHistory(
        m,
        gatewayOf(m, series.values()),
        series,
        h == null ? List.of() : List.copyOf(h.values()),
        ts,
        byMetric,
        List.copyOf(currentAlerts.getOrDefault(m, Map.of()).values()));
  }

  /** Transitions, newest first. */
  public synchronized List<AlertTransition> transitions(int limit) {
    return transitions.stream().limit(limit).toList();
  }

  public synchronized Map<String, Boolean> gateways() {
    return Map.copyOf(gatewayOnline);
  }

  /** The greatest window end seen: how far event time has come through the job. */
  public synchronized long newestWindowEnd() {
    long newest = Long.MIN_VALUE;
    for (TreeMap<Long, WindowValue> s : windows.values()) {
      newest = Math.max(newest, s.lastKey());
    }
    return newest;
  }

  private AlertLevel level(MachineId m, String metric) {
    AlertLevel level = AlertLevel.OK;
    for (AlertTransition t : currentAlerts.getOrDefault(m, Map.of()).values()) {
      // A stale machine is stale in every metric; other rules colour their own metric.
      if (metric.equals(t.metric()) || t.level() == AlertLevel.STALE) {
        level = level.worse(t.level());
      }
    }
    return level;
  }

  private AlertLevel machineLevel(MachineId m) {
    AlertLevel level = AlertLevel.OK;
    for (AlertTransition t : currentAlerts.getOrDefault(m, Map.of()).values()) {
      level = level.worse(t.level());
    }
    return level;
  }

  /** The gateway of the newest window that names one, else the one its alerts name. */
  private String gatewayOf(MachineId m, java.util.Collection<List<WindowValue>> series) {
    WindowValue newest = null;
    for (List<WindowValue> values : series) {
      WindowValue w = values.isEmpty() ? null : values.get(values.size() - 1);
      if (w != null
          && w.gateway() != null
          && (newest == null || w.windowEnd() > newest.windowEnd())) {
        newest = w;
      }
    }
    return newest != null ? newest.gateway() : gatewayOfAlerts(m);
  }

  /** A machine without windows (yet) may still be known from its alerts. */
  private String gatewayOfAlerts(MachineId m) {
    String gateway = null;
    for (AlertTransition t : currentAlerts.getOrDefault(m, Map.of()).values()) {
      if (t.gateway() != null && !t.gateway().isEmpty()) {
        gateway = t.gateway();
      }
    }
    return gateway;
  }

  private <V> void trim(TreeMap<Long, V> series) {
    long from = series.lastKey() - historyMillis;
    while (series.size() > maxPointsPerSeries || series.firstKey() < from) {
      series.pollFirstEntry();
    }
  }

  /** One metric of a machine on the fleet page. */
  public record MetricView(String metric, String window, WindowValue newest, AlertLevel level) {}

  /** One machine on the fleet page. */
  public record MachineView(
      MachineId id,
      String gateway,
      Boolean gatewayOnline,
      AlertLevel level,
      HealthValue health,
      List<MetricView> metrics,
      List<AlertTransition> alerts) {}

  /** One machine's page. */
  public record MachineHistory(
      MachineId id,
      String gateway,
      Map<SeriesKey, List<WindowValue>> series,
      List<HealthValue> health,
      List<AlertTransition> transitions,
      Map<String, List<RuleThresholds.Threshold>> thresholds,
      List<AlertTransition> alerts) {}
}
