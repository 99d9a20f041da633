package io.plantwatch.view.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.view.fleet.AlertTransition;
import io.plantwatch.view.fleet.Fleet;
import io.plantwatch.view.fleet.HealthValue;
import io.plantwatch.view.fleet.MachineId;
import io.plantwatch.view.fleet.RuleThresholds;
import io.plantwatch.view.fleet.SeriesKey;
import io.plantwatch.view.fleet.WindowValue;
import io.plantwatch.view.mail.Outbox;
import io.plantwatch.view.mail.OutboxMail;
import io.plantwatch.view.pipeline.PipelineRates;
import io.plantwatch.view.pipeline.StageCounts;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The JSON the pages fetch. Identifiers travel as JSON strings; pages show them as text only. */
final class FleetJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private FleetJson() {}

  static ObjectNode fleet(Fleet fleet) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", fleet.version());
    root.put("now", System.currentTimeMillis());
    TreeSet<String> windows = new TreeSet<>(FleetJson::byLength);
    ArrayNode machines = root.putArray("machines");
    for (Fleet.MachineView m : fleet.machines()) {
      ObjectNode n = machines.addObject();
      machine(n, m.id());
      n.put("gateway", m.gateway());
      if (m.gatewayOnline() == null) {
        n.putNull("gatewayOnline");
      } else {
        n.put("gatewayOnline", m.gatewayOnline());
      }
      n.put("level", m.level().name());
      health(n.putObject("health"), m.health());
      ArrayNode metrics = n.putArray("metrics");
      for (Fleet.MetricView v : m.metrics()) {
        windows.add(v.window());
        ObjectNode x = metrics.addObject();
        x.put("metric", v.metric());
        x.put("window", v.window());
        x.put("level", v.level().name());
        window(x, v.newest());
      }
      ArrayNode alerts = n.putArray("alerts");
      for (AlertTransition t : m.alerts()) {
        transition(alerts.addObject(), t);
      }
    }
    ArrayNode w = root.putArray("windows");
    windows.forEach(w::add);
    return root;
  }

  static ObjectNode machine(Fleet fleet, MachineId id, RuleThresholds rules) {
    Fleet.MachineHistory h = fleet.history(id, rules);
    ObjectNode root = JSON.createObjectNode();
    root.put("version", fleet.version());
    root.put("now", System.currentTimeMillis());
    machine(root, id);
    root.put("known", h != null);
    if (h == null) {
      return root;
    }
    root.put("gateway", h.gateway());
    ArrayNode series = root.putArray("series");
    for (Map.Entry<SeriesKey, List<WindowValue>> e : h.series().entrySet()) {
      ObjectNode s = series.addObject();
      s.put("metric", e.getKey().metric());
      s.put("window", e.getKey().window());
      List<WindowValue> points = e.getValue();
      s.put("unit", points.isEmpty() ? "" : points.get(points.size() - 1).unit());
      ArrayNode pts = s.putArray("points");
      for (WindowValue v : points) {
        ArrayNode p = pts.addArray();
        p.add(v.windowEnd());
        number(p, v.avg());
        number(p, v.max());
        number(p, v.min());
        p.add(v.count());
      }
      ArrayNode th = s.putArray("thresholds");
      for (RuleThresholds.Threshold t :
          h.thresholds().getOrDefault(e.getKey().metric(), List.of())) {
        ObjectNode o = th.addObject();
        o.put("rule", t.rule());
        o.put("severity", t.severity());
        o.put("value", t.value());
      }
    }
    ArrayNode health = root.putArray("health");
    for (HealthValue v : h.health()) {
      ArrayNode p = health.addArray();
      p.add(v.at());
      number(p, v.rul());
      number(p, v.low());
      number(p, v.high());
    }
    ArrayNode ts = root.putArray("transitions");
    for (AlertTransition t : h.transitions()) {
      transition(ts.addObject(), t);
    }
    ArrayNode alerts = root.putArray("alerts");
    for (AlertTransition t : h.alerts()) {
      transition(alerts.addObject(), t);
    }
    return root;
  }

  static ObjectNode alerts(Fleet fleet, Outbox outbox, int limit) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", fleet.version());
    root.put("outbox", outbox != null);
    ArrayNode list = root.putArray("transitions");
    for (AlertTransition t : fleet.transitions(limit)) {
      ObjectNode n = list.addObject();
      transition(n, t);
      ArrayNode mails = n.putArray("mails");
      if (t.mailed() && outbox != null) {
        for (OutboxMail m : outbox.mailsOf(t.id())) {
          mail(mails.addObject(), m);
        }
      }
    }
    return root;
  }

  static ObjectNode mail(OutboxMail m, String text) {
    ObjectNode n = JSON.createObjectNode();
    mail(n, m);
    n.put("text", text);
    return n;
  }

  static ObjectNode pipeline(PipelineRates.Figures f) {
    ObjectNode root = JSON.createObjectNode();
    root.put("at", f.atMillis());
    ArrayNode stages = root.putArray("stages");
    for (PipelineRates.Rated s : f.stages()) {
      ObjectNode n = stages.addObject();
      n.put("name", s.name());
      n.put("unit", s.unit());
      n.put("total", s.total());
      if (s.perSecond() == null) {
        n.putNull("perSecond");
      } else {
        n.put("perSecond", s.perSecond());
      }
    }
    ArrayNode facts = root.putArray("facts");
    for (StageCounts.Fact fact : f.facts()) {
      ObjectNode n = facts.addObject();
      n.put("name", fact.name());
      n.put("value", fact.value());
    }
    return root;
  }

  private static void mail(ObjectNode n, OutboxMail m) {
    n.put("key", m.key());
    n.put("status", m.status());
    n.put("subject", m.subject());
    ArrayNode to = n.putArray("to");
    m.to().forEach(to::add);
    n.put("date", m.sentDate());
  }

  private static void machine(ObjectNode n, MachineId id) {
    n.put("site", id.site());
    n.put("line", id.line());
    n.put("machine", id.machine());
  }

  private static void window(ObjectNode n, WindowValue v) {
    n.put("unit", v.unit());
    n.put("windowEnd", v.windowEnd());
    number(n, "avg", v.avg());
    number(n, "max", v.max());
    number(n, "min", v.min());
    n.put("count", v.count());
  }

  private static void health(ObjectNode n, HealthValue v) {
    if (v == null) {
      n.putNull("rul");
      return;
    }
    n.put("at", v.at());
    number(n, "rul", v.rul());
    number(n, "low", v.low());
    number(n, "high", v.high());
    n.put("model", v.model());
  }

  private static void transition(ObjectNode n, AlertTransition t) {
    n.put("id", t.id());
    n.put("at", t.at());
    machine(n, t.machine());
    n.put("rule", t.rule());
    n.put("severity", t.severity());
    n.put("metric", t.metric());
    n.put("state", t.state());
    n.put("previous", t.previous());
    n.put("level", t.level().name());
    if (t.value() == null) {
      n.putNull("value");
    } else {
      number(n, "value", t.value());
    }
    if (t.threshold() == null) {
      n.putNull("threshold");
    } else {
      number(n, "threshold", t.threshold());
    }
    n.put("message", t.message());
    n.put("mailed", t.mailed());
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private static void number(ArrayNode n, double v) {
    if (Double.isFinite(v)) {
      n.add(v);
    } else {
      n.addNull();
    }
  }

  /** Window specs shortest first ({@code 1m/1m} before {@code 5m/1m} before {@code 1h/5m}). */
  private static int byLength(String a, String b) {
    int c = Long.compare(millis(a), millis(b));
    return c != 0 ? c : a.compareTo(b);
  }

  private static long millis(String spec) {
    try {
      return io.plantwatch.telemetry.DurationText.parse(spec.split("/")[0]).toMillis();
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
