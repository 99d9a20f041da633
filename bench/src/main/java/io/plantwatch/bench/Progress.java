package io.plantwatch.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The bench's progress lines on stderr, so that stdout holds only the report. */
final class Progress {
  private final PrintStream out;

  Progress(PrintStream out) {
    this.out = out;
  }

  void say(String format, Object... args) {
    out.printf(Locale.ROOT, "plantwatch bench: " + format + "%n", args);
  }
}
