package io.plantwatch.gateway.collect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayQueue;

/**
 * Recognises a reading seen within the duplicate window: the same site, line, machine, metric,
 * event time and value. That is what an MQTT redelivery of an already queued message looks like
 * (the site broker resends when our PUBACK was lost in a crash). Fingerprints are also stored in
 * the queue, so the guard survives restarts. Bounded by time and by entry count.
 *
 * <p>Held in primitive arrays (Agrona's open-addressing map and queue), not boxed entries: a
 * gateway taking 3,300 readings/s holds the full two million fingerprints of a 10-minute window,
 * which took 241 MB of heap as {@code HashMap<Long, Long>} nodes plus a queue of {@code long[]}
 * pairs (nearly all of the gateway's default heap of 256 MB) and 96 MiB of arrays this way (128 MiB
 * for a moment while the map doubles), which the garbage collector does not have to trace.
 */
public final class DuplicateGuard {
  private static final long NONE = Long.MIN_VALUE;

  private final long windowMillis;
  private final int maxEntries;
  // fingerprint -> when it was last remembered
  private final Long2LongHashMap seen = new Long2LongHashMap(NONE);
  // What was remembered, oldest first: two queues in step, one entry each per remember.
  private final LongArrayQueue fingerprints = new LongArrayQueue(NONE);
  private final LongArrayQueue times = new LongArrayQueue(NONE);

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

  /** True if an equal reading was seen inside the window before {@code now}. */
  public boolean isDuplicate(long fingerprint, long now) {
    long at = seen.get(storable(fingerprint));
    return at != NONE && now - at <= windowMillis;
  }

  /**
   * Remembers an accepted reading; also how fingerprints stored before a restart come back, oldest
   * first.
   */
  public void remember(long fingerprint, long receivedAt) {
    if (!enabled()) {
      return;
    }
    long key = storable(fingerprint);
    seen.put(key, receivedAt);
    fingerprints.addLong(key);
    times.addLong(receivedAt);
    while (times.size() > maxEntries) {
      forgetOldest();
    }
  }

  /** Forgets entries older than the window; returns the cutoff time used. */
  public long expire(long now) {
    long cutoff = now - windowMillis;
    while (!times.isEmpty() && times.peekLong() < cutoff) {
      forgetOldest();
    }
    return cutoff;
  }

  public int size() {
    return seen.size();
  }

  /**
   * The queues cannot hold their empty marker, and any long can be a hash: a device could craft a
   * reading whose fingerprint is that marker. It shares its neighbour's entry instead, as two
   * readings whose fingerprints collide do.
   */
  private static long storable(long fingerprint) {
    return fingerprint == NONE ? NONE + 1 : fingerprint;
  }

  private void forgetOldest() {
    long fingerprint = fingerprints.pollLong();
    long at = times.pollLong();
    // A fingerprint remembered again later belongs to that later entry.
    if (seen.get(fingerprint) == at) {
      seen.remove(fingerprint);
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
