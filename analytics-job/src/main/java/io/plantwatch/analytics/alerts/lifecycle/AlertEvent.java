package io.plantwatch.analytics.alerts.lifecycle;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One transition of one alert, as published to Kafka, InfluxDB and mail.
 *
 * @param at event time of the transition: the end of the window that caused it (epoch ms)
 * @param flapping the alert is flapping: the transition is published but not mailed
 * @param history recent values of the rule's statistic, oldest first, with their window ends
 */
public record AlertEvent(
    MachineKey key,
    String rule,
    String severity,
    String metric,
    AlertPhase state,
    AlertPhase previous,
    long at,
    double value,
    double threshold,
    Double forecastMinutes,
    String message,
    boolean flapping,
    List<Point> history)
    implements Serializable {

  /** A past value for the mail's small history table. */
  public record Point(long windowEnd, double value) implements Serializable {}

  public AlertEvent {
    history = List.copyOf(history);
  }

  /**
   * The idempotency key of this transition: the same machine, rule, state and window give the same
   * key, so a micro-batch replayed after a crash produces keys already seen. Hex, safe as a file
   * name and as a mail header value.
   */
  public String idempotencyKey() {
    String identity =
        String.join(
            "\u0000", key.site(), key.line(), key.machine(), rule, state.name(), Long.toString(at));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * Whether this event is mailed: FIRING and RESOLVED unless flapping, the start and end of
   * flapping, and a machine gone silent while its alert was FIRING.
   */
  public boolean mailed() {
    return switch (state) {
      case FIRING, RESOLVED -> !flapping;
      case FLAPPING, FLAPPING_ENDED -> true;
      case STALE -> previous == AlertPhase.FIRING;
      case OK, PENDING -> false;
    };
  }
}
