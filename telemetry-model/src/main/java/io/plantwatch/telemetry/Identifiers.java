package io.plantwatch.telemetry;

import java.util.Locale;

/**
 * Rules for site, line, machine and metric names. They are free text from the field and are kept
 * exactly as sent: spaces, commas, {@code =}, quotes and any unicode are legal, and every layer
 * escapes them for its own syntax. Only what no downstream format can carry is refused: empty
 * names, control characters (newlines break line protocol and mail headers) and names longer than
 * {@link #MAX_LENGTH} characters.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 256;

  /**
   * ISO control characters (U+0000-U+001F, U+007F-U+009F), as a regular expression: the rule's
   * definition, against which {@code IdentifiersTest} checks the one-pass check of {@link #problem}
   * on every character.
   */
  public static final String CONTROL_CHARACTER = "[\\x{0}-\\x{1F}\\x{7F}-\\x{9F}]";

  /** White space (Unicode's, no-break space included) at either end. */
  public static final String OUTER_WHITE_SPACE = "(?U)^\\s|\\s$";

  private Identifiers() {}

  /** The wording of a control-character problem, shared with the job's SQL. */
  public static String controlCharacter(String field) {
    return field + " contains control character U+";
  }

  /** Null when {@code value} is a valid identifier, else a description of what is wrong. */
  public static String problem(String field, String value) {
    if (value == null || value.isEmpty()) {
      return empty(field);
    }
    if (value.length() > MAX_LENGTH) {
      return tooLong(field);
    }
    // One pass over the characters instead of the two patterns, with the same verdicts (the test
    // compares them on every character): the gateway and the connector check every name of every
    // reading, and the patterns took most of their CPU in a profile (docs/performance.md).
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        return controlCharacter(field) + String.format(Locale.ROOT, "%04X", (int) c);
      }
    }
    // Unicode white space outside the control characters is exactly Java's space characters.
    if (Character.isSpaceChar(value.charAt(0))
        || Character.isSpaceChar(value.charAt(value.length() - 1))) {
      return outerWhiteSpace(field);
    }
    return null;
  }

  public static String empty(String field) {
    return field + " is empty";
  }

  public static String tooLong(String field) {
    return field + " is longer than " + MAX_LENGTH + " characters";
  }

  public static String outerWhiteSpace(String field) {
    return field + " has leading or trailing white space";
  }

  static void require(String field, String value) {
    String problem = problem(field, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }
}
