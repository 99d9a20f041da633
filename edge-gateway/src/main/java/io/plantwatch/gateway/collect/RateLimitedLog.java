package io.plantwatch.gateway.collect;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs a warning per key at most once per interval, with the number suppressed since, so a device
 * flooding bad payloads cannot flood the log.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalMillis;
  private final Clock clock;
  private final Map<String, long[]> state = new HashMap<>(); // key -> {lastLogged, suppressed}

  public RateLimitedLog(Logger log, long intervalMillis, Clock clock) {
    this.log = log;
    this.intervalMillis = intervalMillis;
    this.clock = clock;
  }

  public synchronized void warn(String key, String message) {
    long now = clock.millis();
    long[] s = state.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE / 2, 0});
    if (now - s[0] >= intervalMillis) {
      if (s[1] > 0) {
        log.warn("{} ({} similar suppressed)", message, s[1]);
      } else {
        log.warn(message);
      }
      s[0] = now;
      s[1] = 0;
    } else {
      s[1]++;
    }
  }
}
