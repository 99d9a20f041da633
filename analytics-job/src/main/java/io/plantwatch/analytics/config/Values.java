package io.plantwatch.analytics.config;

import io.plantwatch.telemetry.DurationText;
import java.time.Duration;

/** Parsers for configuration values, each failing with a message that says what it expected. */
public final class Values {
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

  public static int nonNegativeInt(String raw) {
    try {
      long v = Long.parseLong(raw.strip());
      if (v >= 0 && v <= Integer.MAX_VALUE) {
        return (int) v;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("must be 0 or a positive whole number, was " + raw);
  }

  /** A duration in the project's one grammar ({@link DurationText}): 500ms, 10s, 5m, PT1H... */
  public static Duration duration(String raw) {
    return DurationText.parse(raw);
  }

  public static Duration positiveDuration(String raw) {
    Duration d = duration(raw);
    if (d.isZero()) {
      throw new IllegalArgumentException("must be longer than zero");
    }
    return d;
  }

  /** The shortest text for a duration that {@link #duration} reads back: 300000 ms is 5m. */
  public static String format(Duration d) {
    return DurationText.format(d);
  }

  /** {@code true} or {@code false}, in any case: nothing else, so a typo is not read as false. */
  public static boolean bool(String raw) {
    String v = raw.strip();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("'" + raw + "' is not true or false");
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
