package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.failure.FailureListener;
import io.plantwatch.telemetry.ReasonCode;

/** What the intake reports; implemented by the gateway's metrics. */
public interface IntakeListener extends FailureListener {
  void messageReceived();

  void readingsQueued(int count);

  void rejected(ReasonCode reason);

  void committed(int messages, long nanos);

  /** A queue write or the intake failed (counted; what follows is the intake's business). */
  @Override
  default void failed(String component, Failure failure) {}
}
