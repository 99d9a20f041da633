package io.plantwatch.gateway.forward;

import io.plantwatch.telemetry.UplinkReceipt;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The forwarder's messages of one connection awaiting acknowledgement: a permit each, and what they
 * carry. Whoever removes an entry from {@code awaiting} releases its permit, so a receipt, a PUBACK
 * and a failure racing for one message release it once.
 */
final class Flight {
  /** A message sent and not yet acknowledged: what it carries, when it left, how often. */
  record Pending(int readings, long sentAt, int attempts) {}

  final Semaphore readingPermits;
  final Semaphore rejectPermits;
  final Map<UplinkReceipt, Pending> awaiting = new ConcurrentHashMap<>();

  Flight(int maxReadings, int maxRejects) {
    readingPermits = new Semaphore(maxReadings);
    rejectPermits = new Semaphore(maxRejects);
  }

  Semaphore permits(UplinkReceipt.Kind kind) {
    return kind == UplinkReceipt.Kind.READINGS ? readingPermits : rejectPermits;
  }

  /** Removes the message; true when this call released its permit. */
  boolean settle(UplinkReceipt r) {
    Pending p = awaiting.remove(r);
    if (p == null) {
      return false;
    }
    permits(r.kind()).release();
    return true;
  }

  long oldestSentAt() {
    long oldest = Long.MAX_VALUE;
    for (Pending p : awaiting.values()) {
      oldest = Math.min(oldest, p.sentAt());
    }
    return oldest;
  }
}
