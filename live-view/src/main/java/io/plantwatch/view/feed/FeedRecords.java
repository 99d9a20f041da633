package io.plantwatch.view.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.view.fleet.AlertTransition;
import io.plantwatch.view.fleet.Fleet;
import io.plantwatch.view.fleet.HealthValue;
import io.plantwatch.view.fleet.MachineId;
import io.plantwatch.view.fleet.SeriesKey;
import io.plantwatch.view.fleet.WindowValue;
import java.io.IOException;

/**
 * Turns the records of the view's topics (contract 4 and 4b) into the fleet's state. A record that
 * is not what its topic promises throws {@link BadRecord} with a reason; the feed counts and logs
 * it and goes on.
 */
final class FeedRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeedRecords() {}

  /** A record the view cannot use, with the reason it gives in logs and on the pipeline page. */
  static final class BadRecord extends Exception {
    final String reason;

    BadRecord(String reason, String detail) {
      super(reason + ": " + detail);
      this.reason = reason;
    }
  }

  static void window(Fleet fleet, String value) throws BadRecord {
    JsonNode n = parse(value);
    MachineId m = machine(n);
    WindowValue w =
        new WindowValue(
            n.path("windowStart").asLong(0),
            requiredLong(n, "windowEnd"),
            number(n, "avg"),
            number(n, "max"),
            number(n, "min"),
            requiredLong(n, "count"),
            n.path("unit").asText(""),
            // The job writes "" for a window whose readings named no gateway.
            n.path("gateway").asText("").isEmpty() ? null : n.get("gateway").asText());
    fleet.window(new SeriesKey(m, text(n, "metric"), text(n, "window")), w);
  }

  static void health(Fleet fleet, String value) throws BadRecord {
    JsonNode n = parse(value);
    fleet.health(
        machine(n),
        new HealthValue(
            requiredLong(n, "at"),
            number(n, "rul"),
            number(n, "low"),
            number(n, "high"),
            n.path("model").asText("")));
  }

  static void alert(Fleet fleet, String value) throws BadRecord {
    JsonNode n = parse(value);
    fleet.alert(
        new AlertTransition(
            text(n, "id"),
            requiredLong(n, "at"),
            machine(n),
            n.path("gateway").asText(""),
            text(n, "rule"),
            n.path("severity").asText(""),
            n.path("metric").asText(""),
            text(n, "state"),
            n.path("previous").asText(""),
            n.hasNonNull("value") ? n.get("value").asDouble() : null,
            n.hasNonNull("threshold") ? n.get("threshold").asDouble() : null,
            n.path("message").asText(""),
            n.path("mailed").asBoolean(false)));
  }

  static void gatewayStatus(Fleet fleet, String key, String value) throws BadRecord {
    if (value == null) {
      return; // a tombstone: the gateway was retired
    }
    JsonNode n = parse(value);
    String gateway = n.hasNonNull("gateway") ? n.get("gateway").asText() : key;
    if (gateway == null) {
      throw new BadRecord("missing_field", "gateway");
    }
    fleet.gateway(gateway, "online".equals(text(n, "state")));
  }

  private static JsonNode parse(String value) throws BadRecord {
    if (value == null || value.isBlank()) {
      throw new BadRecord("empty_payload", "no value");
    }
    try {
      JsonNode n = JSON.readTree(value);
      if (n == null || !n.isObject()) {
        throw new BadRecord("malformed_json", "not a JSON object");
      }
      if (n.has("v") && n.get("v").asInt() != 1) {
        throw new BadRecord("unknown_version", "v=" + n.get("v"));
      }
      return n;
    } catch (IOException e) {
      throw new BadRecord(
          "malformed_json",
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage());
    }
  }

  private static MachineId machine(JsonNode n) throws BadRecord {
    return new MachineId(text(n, "site"), text(n, "line"), text(n, "machine"));
  }

  private static String text(JsonNode n, String field) throws BadRecord {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new BadRecord("missing_field", field);
    }
    if (!v.isTextual()) {
      throw new BadRecord("wrong_type", field + " is not text");
    }
    return v.asText();
  }

  private static long requiredLong(JsonNode n, String field) throws BadRecord {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new BadRecord("missing_field", field);
    }
    if (!v.isIntegralNumber()) {
      throw new BadRecord("wrong_type", field + " is not an integer");
    }
    return v.asLong();
  }

  /** A statistic; the job writes null for a value that is not finite. */
  private static double number(JsonNode n, String field) throws BadRecord {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw new BadRecord("wrong_type", field + " is not a number");
    }
    return v.asDouble();
  }
}
