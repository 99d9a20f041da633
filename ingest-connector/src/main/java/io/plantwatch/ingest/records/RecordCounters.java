package io.plantwatch.ingest.records;

import io.plantwatch.telemetry.ReasonCode;

/**
 * The task counters the record mapping reports to. Declared here, and implemented by the task's
 * metrics, so that the mapping does not depend on the package that publishes them. Called from
 * {@code poll()} and from the producer's callback thread: implementations must be thread-safe and
 * cheap.
 */
public interface RecordCounters {
  /** Reading records made from one envelope. */
  void produced(int records);

  void statusProduced();

  /** A payload went to the rejected topic for {@code reason}. */
  void rejected(ReasonCode reason);

  /** A gateway's quarantine record went to the rejected topic. */
  void quarantineForwarded();

  /** A message's records are all in Kafka; {@code sent} tells whether its ack reached the wire. */
  void acknowledged(boolean sent);

  /** A receipt was asked for; {@code sent} tells whether it was published. */
  void receipt(boolean sent);
}
