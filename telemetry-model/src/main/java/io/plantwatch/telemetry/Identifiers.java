package io.plantwatch.telemetry;

/**
 * Rules for site, line, machine and metric names. They are free text from the field and are kept
 * exactly as sent: spaces, commas, {@code =}, quotes and any unicode are legal, and every layer
 * escapes them for its own syntax. Only what no downstream format can carry is refused: empty
 * names, control characters (newlines break line protocol and mail headers) and names longer than
 * {@link #MAX_LENGTH} characters.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 256;

  private Identifiers() {}

  /** Null when {@code value} is a valid identifier, else a description of what is wrong. */
  public static String problem(String field, String value) {
    if (value == null || value.isEmpty()) {
      return field + " is empty";
    }
    if (value.length() > MAX_LENGTH) {
      return field + " is longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return field + " contains control character U+" + String.format("%04X", (int) c);
      }
    }
    if (!value.strip().equals(value)) {
      return field + " has leading or trailing white space";
    }
    return null;
  }

  static void require(String field, String value) {
    String problem = problem(field, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }
}
