package io.plantwatch.gateway.forward;

import io.plantwatch.gateway.failure.FailureListener;

/** What the forwarder reports; implemented by the gateway's metrics. */
public interface ForwardListener extends FailureListener {
  /** A batch of readings was acknowledged (receipt, or trusted PUBACK) and left the queue. */
  void readingsForwarded(int count);

  void rejectsForwarded(int count);

  /** Readings sent again after a reconnect because their earlier send was not acknowledged. */
  void readingsResent(long count);

  void inFlight(int messages);

  /** Messages still without a receipt after the timeout; they are sent again. */
  void receiptsTimedOut(int messages);

  /** A message on the receipts topic that is not a receipt; nothing is removed. */
  void receiptRefused();

  /** Time from sending a message to its receipt (or PUBACK when that is trusted). */
  void receiptLatency(long millis);
}
