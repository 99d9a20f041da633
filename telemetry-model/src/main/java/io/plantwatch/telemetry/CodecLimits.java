package io.plantwatch.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds the device payload decoder enforces.
 *
 * @param maxPayloadBytes payloads larger than this are refused before parsing
 * @param maxFutureSkew readings stamped further than this ahead of the gateway's clock are refused
 * @param maxPastSkew readings older than this are refused; {@link Duration#ZERO} disables the check
 *     (replays of recorded data)
 */
public record CodecLimits(int maxPayloadBytes, Duration maxFutureSkew, Duration maxPastSkew) {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_PAST_SKEW = Duration.ofDays(7);

  public CodecLimits {
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxPastSkew, "maxPastSkew");
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
    if (maxFutureSkew.isNegative() || maxPastSkew.isNegative()) {
      throw new IllegalArgumentException("skews must not be negative");
    }
  }

  public static CodecLimits defaults() {
    return new CodecLimits(
        DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_PAST_SKEW);
  }
}
