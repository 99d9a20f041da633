package io.plantwatch.gateway.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * What one group commit writes: readings (with the sequence numbers their ids were built from),
 * quarantine records, and fingerprints of the accepted readings for duplicate detection.
 */
public final class IntakeBatch {
  final List<QueuedEntry> readings = new ArrayList<>();
  final List<QueuedEntry> rejects = new ArrayList<>();
  final List<long[]> fingerprints = new ArrayList<>(); // {fingerprint, receivedAt}

  public void addReading(long seq, long receivedAt, byte[] payload) {
    readings.add(new QueuedEntry(seq, receivedAt, payload));
  }

  public void addReject(long receivedAt, byte[] payload) {
    rejects.add(new QueuedEntry(-1, receivedAt, payload));
  }

  public void addFingerprint(long fingerprint, long receivedAt) {
    fingerprints.add(new long[] {fingerprint, receivedAt});
  }

  public boolean isEmpty() {
    return readings.isEmpty() && rejects.isEmpty();
  }

  public int readingCount() {
    return readings.size();
  }

  public int rejectCount() {
    return rejects.size();
  }
}
