package io.plantwatch.gateway.collect;

import io.plantwatch.telemetry.ReasonCode;

/** What the intake reports; implemented by the gateway's metrics. */
public interface IntakeListener {
  void messageReceived();

  void readingsQueued(int count);

  void rejected(ReasonCode reason);

  void committed(int messages, long nanos);
}
