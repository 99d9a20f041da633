package io.plantwatch.ingest;

import io.plantwatch.telemetry.UplinkTopicLayout;
import java.util.Collection;

/**
 * MQTT topic filter matching (wildcards, overlap, topics side by side) and the gateway id of an
 * uplink topic; the layout itself is telemetry-model's {@link UplinkTopicLayout}.
 */
final class TopicFilters {
  private TopicFilters() {}

  /**
   * The gateway id in an uplink topic of the default layout, or null when it does not follow it.
   */
  static String gatewayOf(String topic) {
    return UplinkTopicLayout.DEFAULT.gatewayOf(topic);
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
