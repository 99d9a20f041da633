package io.plantwatch.analytics.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for configuration values, each failing with a message that says what it expected. */
public final class Values {
  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private Values() {}

  public static String nonEmpty(String raw) {
    if (raw.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return raw.strip();
  }

  public static long positiveLong(String raw) {
    long v;
    try {
      v = Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a whole number", e);
    }
    if (v <= 0) {
      throw new IllegalArgumentException("must be positive, was " + v);
    }
    return v;
  }

  public static int positiveInt(String raw) {
    long v = positiveLong(raw);
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + ", was " + v);
    }
    return (int) v;
  }

  /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 1d}. */
  public static Duration duration(String raw) {
    Matcher m = DURATION.matcher(raw.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + raw + "' is not a duration like 500ms, 10s, 5m, 1h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  public static Duration positiveDuration(String raw) {
    Duration d = duration(raw);
    if (d.isZero()) {
      throw new IllegalArgumentException("must be longer than zero");
    }
    return d;
  }

  /** The shortest text for a duration in the units {@link #duration} reads: 300000 ms is 5m. */
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

  public static <E extends Enum<E>> E oneOf(Class<E> type, String raw) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(raw.strip())) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "'" + raw + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
  }
}
