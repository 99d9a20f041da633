package io.plantwatch.telemetry;

import java.util.Collection;

/**
 * MQTT topic filter rules ({@code +} one level, {@code #} the rest and the parent, no wildcard
 * match for {@code $}-topics), shared by the gateway's site subscriptions and the connector's
 * uplink routing.
 */
public final class MqttTopicFilter {
  private MqttTopicFilter() {}

  /** Whether {@code filter} matches {@code topic}. */
  public static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
      return false; // wildcards at the first level do not match $-topics
    }
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true; // also matches the parent level: "a/#" matches "a"
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  public static boolean matchesAny(Collection<String> filters, String topic) {
    for (String f : filters) {
      if (matches(f, topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every topic that {@code inner} matches is matched by {@code outer}. */
  public static boolean covers(String outer, String inner) {
    String[] a = outer.split("/", -1);
    String[] b = inner.split("/", -1);
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("#")) {
        return b.length >= i; // "x/#" matches "x" and everything below it
      }
      if (i >= b.length || b[i].equals("#")) {
        return false;
      }
      if (!a[i].equals("+") && (b[i].equals("+") || !a[i].equals(b[i]))) {
        return false;
      }
    }
    return a.length == b.length;
  }

  /** Whether some topic matches both filters. */
  public static boolean overlap(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    int common = Math.min(x.length, y.length);
    for (int i = 0; i < common; i++) {
      if (x[i].equals("#") || y[i].equals("#")) {
        return true;
      }
      if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
        return false;
      }
    }
    if (x.length == y.length) {
      return true;
    }
    String[] longer = x.length > y.length ? x : y;
    return longer.length == common + 1 && longer[common].equals("#");
  }
}
