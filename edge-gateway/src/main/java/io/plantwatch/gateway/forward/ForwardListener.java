package io.plantwatch.gateway.forward;

/** What the forwarder reports; implemented by the gateway's metrics. */
public interface ForwardListener {
  /** The uplink acknowledged a batch of readings. */
  void readingsForwarded(int count);

  void rejectsForwarded(int count);

  /** Readings sent again after a reconnect because their earlier send was not acknowledged. */
  void readingsResent(long count);

  void inFlight(int messages);
}
