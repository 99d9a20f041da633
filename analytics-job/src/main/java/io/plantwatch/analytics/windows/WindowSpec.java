package io.plantwatch.analytics.windows;

import io.plantwatch.telemetry.DurationText;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A window length and how far consecutive windows slide, written {@code 5m/1m}. A bare length
 * ({@code 10m}) or a slide equal to the length is a tumbling window. Windows are aligned to the
 * epoch, as Spark's {@code window()} aligns them.
 */
public record WindowSpec(Duration length, Duration slide) implements Serializable {

  public WindowSpec {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("window length must be longer than zero");
    }
    if (slide.isNegative() || slide.isZero()) {
      throw new IllegalArgumentException("window slide must be longer than zero");
    }
    if (slide.compareTo(length) > 0) {
      throw new IllegalArgumentException(
          "window slide "
              + DurationText.format(slide)
              + " is longer than its length "
              + DurationText.format(length)
              + ": readings would fall between windows");
    }
  }

  /** Reads {@code LENGTH/SLIDE} or {@code LENGTH} (tumbling). */
  public static WindowSpec parse(String text) {
    String[] parts = text.strip().split("/", -1);
    if (parts.length > 2 || parts[0].isBlank()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a window like 5m/1m (length/slide) or 10m (tumbling)");
    }
    Duration length = DurationText.parse(parts[0]);
    Duration slide = parts.length == 2 ? DurationText.parse(parts[1]) : length;
    return new WindowSpec(length, slide);
  }

  /**
   * Reads a comma-separated list such as {@code 1m/10s,1h/5m}; the same window twice is refused.
   */
  public static List<WindowSpec> parseList(String text) {
    Set<WindowSpec> specs = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      WindowSpec spec = parse(part);
      if (!specs.add(spec)) {
        throw new IllegalArgumentException("window " + spec.label() + " is listed twice");
      }
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("at least one window is needed, like 5m/1m");
    }
    return new ArrayList<>(specs);
  }

  public boolean isTumbling() {
    return slide.equals(length);
  }

  /** The value of the {@code window} tag in InfluxDB: {@code 5m/1m}, also for tumbling windows. */
  public String label() {
    return DurationText.format(length) + "/" + DurationText.format(slide);
  }

  /** A name safe in paths and query names: {@code 5m-1m}. */
  public String id() {
    return DurationText.format(length) + "-" + DurationText.format(slide);
  }

  /** How many windows each reading falls into. */
  public long windowsPerReading() {
    return (length.toMillis() + slide.toMillis() - 1) / slide.toMillis();
  }

  @Override
  public String toString() {
    return label();
  }
}
