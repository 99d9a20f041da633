package io.plantwatch.stack;

import io.plantwatch.telemetry.DurationText;
import picocli.CommandLine;

/**
 * Checks a duration option as picocli reads it, so that a mistake names the option ("Invalid value
 * for option '--duration': '5x' is not a duration like 500ms, 10s, ..."); the value stays text.
 */
public final class ValidDuration implements CommandLine.ITypeConverter<String> {
  @Override
  public String convert(String value) {
    try {
      DurationText.parse(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
