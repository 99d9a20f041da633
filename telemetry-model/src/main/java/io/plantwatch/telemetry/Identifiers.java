package io.plantwatch.telemetry;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
   * ISO control characters (U+0000-U+001F, U+007F-U+009F), as a regular expression that Java and
   * Spark SQL ({@code rlike}) read alike: the analytics job checks with these very patterns.
   */
  public static final String CONTROL_CHARACTER = "[\\x{0}-\\x{1F}\\x{7F}-\\x{9F}]";

  /** White space (Unicode's, no-break space included) at either end. */
  public static final String OUTER_WHITE_SPACE = "(?U)^\\s|\\s$";

  private static final Pattern CONTROL = Pattern.compile(CONTROL_CHARACTER);
  private static final Pattern OUTER_SPACE = Pattern.compile(OUTER_WHITE_SPACE);

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
    Matcher control = CONTROL.matcher(value);
    if (control.find()) {
      return controlCharacter(field)
          + String.format(Locale.ROOT, "%04X", (int) control.group().charAt(0));
    }
    if (OUTER_SPACE.matcher(value).find()) {
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
