package io.plantwatch.telemetry;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every module's configuration: a whole number and a unit ({@code
 * 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}, any case), {@code 0}, or ISO-8601
 * ({@code PT30S}). Negative durations are refused.
 */
public final class DurationText {
  private static final Pattern SIMPLE =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private DurationText() {}

  /**
   * The duration {@code text} names; an {@link IllegalArgumentException} says what was expected.
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = SIMPLE.matcher(t);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else if (t.equals("0")) {
      d = Duration.ZERO;
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration like 500ms, 10s, 5m, 1h or 1d (or ISO-8601: PT10S)",
            e);
      }
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    return d;
  }

  /** The shortest text {@link #parse} reads back as {@code d}: 300000 ms is {@code 5m}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
