package io.plantwatch.analytics.alerts.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.influx.LineProtocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one alert transition is written: the JSON event of {@code maintenance.alerts} and the point
 * of {@code maintenance_alerts} (tags {@code site,line,machine,rule,severity}; fields {@code
 * state,value,threshold,message,forecast_minutes}; time = the transition's event time, so a
 * replayed batch overwrites the same point).
 */
public final class AlertRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertRecords() {}

  public static String json(AlertEvent e, String gateway) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("id", e.idempotencyKey());
    n.put("site", e.key().site());
    n.put("line", e.key().line());
    n.put("machine", e.key().machine());
    n.put("gateway", gateway);
    n.put("rule", e.rule());
    n.put("severity", e.severity());
    n.put("metric", e.metric());
    n.put("state", e.state().name());
    n.put("previous", e.previous().name());
    n.put("at", e.at());
    number(n, "value", e.value());
    number(n, "threshold", e.threshold());
    if (e.forecastMinutes() == null) {
      n.putNull("forecast_minutes");
    } else {
      number(n, "forecast_minutes", e.forecastMinutes());
    }
    n.put("flapping", e.flapping());
    n.put("mailed", e.mailed());
    n.put("message", e.message());
    ArrayNode history = n.putArray("history");
    for (AlertEvent.Point p : e.history()) {
      ObjectNode h = history.addObject();
      h.put("windowEnd", p.windowEnd());
      number(h, "value", p.value());
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  public static String point(String measurement, AlertEvent e) {
    Map<String, String> tags = new TreeMap<>();
    tags.put("site", e.key().site());
    tags.put("line", e.key().line());
    tags.put("machine", e.key().machine());
    tags.put("rule", e.rule());
    tags.put("severity", e.severity());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("state", e.state().name());
    if (Double.isFinite(e.value())) {
      fields.put("value", e.value());
    }
    if (Double.isFinite(e.threshold())) {
      fields.put("threshold", e.threshold());
    }
    fields.put("message", e.message());
    if (e.forecastMinutes() != null && Double.isFinite(e.forecastMinutes())) {
      fields.put("forecast_minutes", e.forecastMinutes());
    }
    // A flapping notice shares its window with the transition that started it; a point is
    // identified by its tags and time, so 1 ms later keeps it from overwriting that transition.
    boolean notice = e.state() == AlertPhase.FLAPPING || e.state() == AlertPhase.FLAPPING_ENDED;
    return LineProtocol.point(measurement, tags, fields, e.at() + (notice ? 1 : 0));
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }
}
