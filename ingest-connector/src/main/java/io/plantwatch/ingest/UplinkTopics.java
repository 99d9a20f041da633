package io.plantwatch.ingest;

import java.util.Collection;

/**
 * The uplink topic layout of the design, {@code plantwatch/uplink/{gatewayId}/readings} and {@code
 * plantwatch/uplink/{gatewayId}/status}, and MQTT topic filter matching.
 */
final class UplinkTopics {
  private UplinkTopics() {}

  /** The gateway id in an uplink topic, or null when the topic does not follow the layout. */
  static String gatewayOf(String topic) {
    String[] levels = topic.split("/", -1);
    if (levels.length == 4
        && levels[0].equals("plantwatch")
        && levels[1].equals("uplink")
        && !levels[2].isEmpty()) {
      return levels[2];
    }
    return null;
  }

  /**
   * Whether the MQTT topic filter {@code filter} (with + and # wildcards) matches {@code topic}.
   */
  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
      return false; // MQTT: wildcards at the first level do not match $-topics
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

  /**
   * Whether two topics differ only in their last level (a receipts topic beside a readings one).
   */
  static boolean sameParent(String a, String b) {
    int i = a.lastIndexOf('/');
    return i > 0 && i == b.lastIndexOf('/') && a.regionMatches(0, b, 0, i);
  }

  static boolean matchesAny(Collection<String> filters, String topic) {
    for (String f : filters) {
      if (matches(f, topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether some topic matches both filters. */
  static boolean overlap(String a, String b) {
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
