package io.plantwatch.gateway.collect;

import io.plantwatch.telemetry.MqttTopicFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The topic filters the gateway subscribes to on the site broker for its templates, so that a
 * device message is delivered once however the templates overlap. A broker delivers a message once
 * per matching subscription: {@code plant/+/+/+/telemetry} beside {@code plant/+/+/+/+} (JSON
 * payloads and bare numbers on one tree) would bring every telemetry message twice. So each
 * distinct filter is subscribed once and a filter that another covers is left out; the intake then
 * matches each message against the templates in their configured order, once. Filters that only
 * partly overlap ({@code plant/a/+/+/+} and {@code plant/+/b/+/+}) are both needed: on MQTT 5 each
 * gets its own subscription identifier and the gateway keeps only the copy that came through the
 * first filter that matches ({@link #owner}); MQTT 3.1.1 has no identifiers, so such templates
 * still deliver twice there (the second copy is quarantined as {@code duplicate}).
 */
public final class SiteFilters {
  private final List<String> filters;
  private final int[] ids;
  // Without two subscribed filters that overlap the broker never sends a copy: no per-message
  // matching then, which is the usual configuration.
  private final boolean copiesPossible;

  public SiteFilters(List<String> templateFilters) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(templateFilters));
    List<String> kept = new ArrayList<>();
    for (String f : distinct) {
      if (distinct.stream().noneMatch(g -> !g.equals(f) && MqttTopicFilter.covers(g, f))) {
        kept.add(f);
      }
    }
    this.filters = List.copyOf(kept);
    this.ids = filters.stream().mapToInt(SiteFilters::subscriptionId).toArray();
    boolean overlap = false;
    for (int i = 0; i < filters.size(); i++) {
      for (int j = i + 1; j < filters.size(); j++) {
        overlap |= MqttTopicFilter.overlap(filters.get(i), filters.get(j));
      }
    }
    this.copiesPossible = overlap;
  }

  /** The filters to subscribe to, in the templates' order. */
  public List<String> filters() {
    return filters;
  }

  /**
   * The MQTT 5 subscription identifier of a filter: derived from the filter itself, not from its
   * position, so messages queued in the persistent session before a configuration change keep
   * identifiers that mean the same filter.
   */
  public static int subscriptionId(String filter) {
    return Math.floorMod(filter.hashCode(), 268_435_455) + 1; // 1 .. 268,435,455 (MQTT 5)
  }

  /**
   * Whether a delivery that came through the subscriptions {@code ids} is the extra copy of a
   * message that the first matching filter also brings. Identifiers of no current filter (an older
   * configuration) never make a copy: dropping those could drop the only delivery.
   */
  public boolean isExtraCopy(String topic, List<Integer> received) {
    if (!copiesPossible || received == null || received.isEmpty()) {
      return false;
    }
    int owner = owner(topic);
    if (owner < 0 || received.contains(ids[owner])) {
      return false;
    }
    for (int id : ids) {
      if (received.contains(id)) {
        return true;
      }
    }
    return false;
  }

  /** The index of the first subscribed filter that matches {@code topic}, or -1. */
  public int owner(String topic) {
    for (int i = 0; i < filters.size(); i++) {
      if (MqttTopicFilter.matches(filters.get(i), topic)) {
        return i;
      }
    }
    return -1;
  }
}
