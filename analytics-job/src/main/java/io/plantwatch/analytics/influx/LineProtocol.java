package io.plantwatch.analytics.influx;

import java.util.Map;

/**
 * InfluxDB line protocol, written by hand so that every escaping rule is visible and tested: in
 * measurement names commas and spaces are escaped, in tag keys, tag values and field keys also
 * {@code =}; backslashes are doubled everywhere because line protocol reads {@code \\} as one
 * backslash, and a name ending in a backslash would otherwise escape the separator after it. Quotes
 * and any unicode pass unchanged. Line breaks cannot be carried at all and are refused, as are
 * empty names and non-finite numbers.
 */
public final class LineProtocol {
  private LineProtocol() {}

  /**
   * One point: {@code measurement,tag=v,… field=v,… timestamp}. Tags are written in the map's order
   * (sorted by key is what InfluxDB prefers); field values are {@link Double}, {@link Long}
   * (written with the {@code i} suffix), {@link String} (quoted) or {@link Boolean}.
   */
  public static String point(
      String measurement, Map<String, String> tags, Map<String, ?> fields, long timestamp) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a point needs at least one field");
    }
    StringBuilder out = new StringBuilder(128);
    appendMeasurement(out, measurement);
    tags.forEach((k, v) -> appendTag(out, k, v));
    char sep = ' ';
    for (Map.Entry<String, ?> f : fields.entrySet()) {
      out.append(sep);
      appendName(out, f.getKey(), "field key", true);
      out.append('=').append(fieldValue(f.getKey(), f.getValue()));
      sep = ',';
    }
    return out.append(' ').append(timestamp).toString();
  }

  /** Appends {@code measurement}, escaped: the start of a point. */
  static void appendMeasurement(StringBuilder out, String measurement) {
    appendName(out, measurement, "measurement", false);
  }

  /** Appends {@code ,key=value}, both escaped. */
  static void appendTag(StringBuilder out, String key, String value) {
    out.append(',');
    appendName(out, key, "tag key", true);
    out.append('=');
    appendTagValue(out, key, value);
  }

  /** Appends the value of tag {@code key}, escaped. */
  static void appendTagValue(StringBuilder out, String key, String value) {
    if (plain(value)) {
      out.append(value);
    } else {
      out.append(escape(value, "tag '" + key + "'", true));
    }
  }

  /** Appends the value of double field {@code key}, refusing non-finite values. */
  static void appendNumber(StringBuilder out, String key, double value) {
    checkFinite(key, value);
    // The digits of Double.toString, without a string made of them first.
    out.append(value);
  }

  private static void appendName(
      StringBuilder out, String text, String what, boolean escapeEquals) {
    out.append(plain(text) ? text : escape(text, what, escapeEquals));
  }

  /**
   * Whether {@code text} goes into a point as it is: nearly every name does, and then one scan
   * spares building its escaped copy (the window sink writes five tags for every window it emits).
   */
  private static boolean plain(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (special(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean special(char c) {
    return c == ',' || c == ' ' || c == '=' || c == '\\' || c == '\n' || c == '\r';
  }

  /** Why {@code text} cannot be a tag value, or null when it can. */
  public static String problem(String text) {
    if (text == null || text.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return "contains a line break";
      }
      if (c == '\\') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (next == 0 || next == ',' || next == '=' || next == ' ') {
          return "has a backslash at its end or before a comma, = or space";
        }
      }
    }
    return null;
  }

  static String escape(String text, String what, boolean escapeEquals) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + problem + ": line protocol cannot carry it");
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case ',', ' ' -> out.append('\\').append(c);
        case '=' -> {
          if (escapeEquals) {
            out.append('\\');
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String number(String key, double d) {
    checkFinite(key, d);
    // Double.toString round-trips exactly; InfluxDB and VictoriaMetrics read its exponent form.
    return Double.toString(d);
  }

  private static void checkFinite(String key, double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "field '" + key + "' is " + d + ": line protocol has no non-finite numbers");
    }
  }

  private static String fieldValue(String key, Object value) {
    if (value instanceof Long l) {
      return l + "i";
    }
    if (value instanceof Double d) {
      return number(key, d);
    }
    if (value instanceof String text) {
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "field '" + key + "' holds a line break: line protocol cannot carry it");
      }
      // String fields are double-quoted; only the quote and the backslash are escaped.
      return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    throw new IllegalArgumentException(
        "field '" + key + "' has unsupported type " + (value == null ? "null" : value.getClass()));
  }
}
