package io.plantwatch.gateway.collect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises a reading seen within the duplicate window: the same site, line, machine, metric,
 * event time and value. That is what an MQTT redelivery of an already queued message looks like
 * (the site broker resends when our PUBACK was lost in a crash). Fingerprints are also stored in
 * the queue, so the guard survives restarts. Bounded by time and by entry count.
 */
public final class DuplicateGuard {
  private final long windowMillis;
  private final int maxEntries;
  private final Map<Long, Long> seen = new HashMap<>();
  private final ArrayDeque<long[]> order = new ArrayDeque<>(); // {fingerprint, receivedAt}

  public DuplicateGuard(Duration window, int maxEntries) {
    this.windowMillis = window.toMillis();
    this.maxEntries = maxEntries;
  }

  public long windowMillis() {
    return windowMillis;
  }

  public boolean enabled() {
    return windowMillis > 0;
  }

  /** Loads fingerprints recorded before a restart, oldest first. */
  public void restore(List<long[]> fingerprintsOldestFirst) {
    for (long[] fp : fingerprintsOldestFirst) {
      remember(fp[0], fp[1]);
    }
  }

  /** True if an equal reading was seen inside the window before {@code now}. */
  public boolean isDuplicate(long fingerprint, long now) {
    Long at = seen.get(fingerprint);
    return at != null && now - at <= windowMillis;
  }

  public void remember(long fingerprint, long receivedAt) {
    if (!enabled()) {
      return;
    }
    seen.put(fingerprint, receivedAt);
    order.addLast(new long[] {fingerprint, receivedAt});
    while (order.size() > maxEntries) {
      forgetOldest();
    }
  }

  /** Forgets entries older than the window; returns the cutoff time used. */
  public long expire(long now) {
    long cutoff = now - windowMillis;
    while (!order.isEmpty() && order.peekFirst()[1] < cutoff) {
      forgetOldest();
    }
    return cutoff;
  }

  public int size() {
    return seen.size();
  }

  private void forgetOldest() {
    long[] oldest = order.removeFirst();
    Long at = seen.get(oldest[0]);
    if (at != null && at == oldest[1]) {
      seen.remove(oldest[0]);
    }
  }

  /** A 64-bit FNV-1a fingerprint of the reading's identity and value. */
  public static long fingerprint(
      String site, String line, String machine, String metric, long ts, double value) {
    long h = 0xcbf29ce484222325L;
    for (String s : new String[] {site, line, machine, metric}) {
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      h = (h ^ 0x1f) * 0x100000001b3L; // separator: ("ab","c") differs from ("a","bc")
    }
    h = mix(h, ts);
    return mix(h, Double.doubleToLongBits(value));
  }

  private static long mix(long h, long v) {
    for (int i = 0; i < 8; i++) {
      h = (h ^ ((v >>> (8 * i)) & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}
