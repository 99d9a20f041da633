package io.plantwatch.telemetry;

import java.util.Objects;

/** A refused input: a stable reason code and a human-readable detail naming the offending field. */
public record Rejection(ReasonCode reason, String detail) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  @Override
  public String toString() {
    return reason.wireName() + ": " + detail;
  }
}
