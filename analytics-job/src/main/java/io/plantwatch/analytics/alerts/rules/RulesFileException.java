package io.plantwatch.analytics.alerts.rules;

import java.util.List;

/** A rules file that cannot be used; every problem names its line and field. */
public final class RulesFileException extends RuntimeException {
  private final List<String> problems;

  public RulesFileException(String source, List<String> problems) {
    super(
        source
            + ": "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code line N: field: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
