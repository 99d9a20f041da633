package io.plantwatch.analytics.influx;

import com.influxdb.exceptions.InfluxException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one place deciding whether a failed write may succeed if tried again. Retriable: no answer
 * (timeouts, refused or reset connections, any I/O error), 408, 429 and every 5xx but 501 and 505,
 * which a retry cannot change. Fatal: other 4xx (bad line protocol, bad token, no such bucket, too
 * large) and anything that is not a write failure at all (a bug).
 */
public enum WriteFailure {
  RETRIABLE,
  FATAL;

  public static WriteFailure classify(Throwable error) {
    if (error instanceof InfluxHttpException http) {
      return classifyStatus(http.status());
    }
    if (error instanceof InfluxException influx && influx.status() > 0) {
      return classifyStatus(influx.status());
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException || t instanceof IOException) {
        return RETRIABLE;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return FATAL;
  }

  static WriteFailure classifyStatus(int status) {
    if (status == 408 || status == 429) {
      return RETRIABLE;
    }
    if (status >= 500 && status != 501 && status != 505) {
      return RETRIABLE;
    }
    return FATAL;
  }

  /** The server's {@code Retry-After} in seconds, when it sent one. */
  public static Optional<Duration> retryAfter(Throwable error) {
    if (error instanceof InfluxHttpException http) {
      return http.retryAfter();
    }
    if (error instanceof InfluxException influx) {
      Map<String, String> headers = influx.headers();
      if (headers != null) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
          if ("retry-after".equalsIgnoreCase(h.getKey())) {
            try {
              return Optional.of(Duration.ofSeconds(Long.parseLong(h.getValue().strip())));
            } catch (NumberFormatException e) {
              // An HTTP date instead of seconds: our own backoff applies.
              return Optional.empty();
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
