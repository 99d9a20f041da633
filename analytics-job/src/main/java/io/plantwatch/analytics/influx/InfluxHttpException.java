package io.plantwatch.analytics.influx;

import java.time.Duration;
import java.util.Optional;

/** InfluxDB answered a write with a status other than 2xx; {@link WriteFailure} classifies it. */
public final class InfluxHttpException extends RuntimeException {
  private final int status;
  private final Duration retryAfter;

  public InfluxHttpException(String destination, int status, String body, Duration retryAfter) {
    super(destination + " answered HTTP " + status + (body.isBlank() ? "" : ": " + body.strip()));
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  /** The server's {@code Retry-After}, when it sent one in seconds. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
