package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  /** The rules as the published patterns state them, which the analytics job applies in SQL. */
  private static String byThePatterns(String field, String value) {
    if (value == null || value.isEmpty()) {
      return Identifiers.empty(field);
    }
    if (value.length() > Identifiers.MAX_LENGTH) {
      return Identifiers.tooLong(field);
    }
    Matcher control = Pattern.compile(Identifiers.CONTROL_CHARACTER).matcher(value);
    if (control.find()) {
      return Identifiers.controlCharacter(field)
          + String.format(Locale.ROOT, "%04X", (int) control.group().charAt(0));
    }
    if (Pattern.compile(Identifiers.OUTER_WHITE_SPACE).matcher(value).find()) {
      return Identifiers.outerWhiteSpace(field);
    }
    return null;
  }

  @Test
  void everyCharacterAtTheStartInsideAndAtTheEndGetsThePatternsVerdict() {
    int problems = 0;
    for (int c = 0; c <= 0xFFFF; c++) {
      String ch = String.valueOf((char) c);
      for (String value : new String[] {ch, ch + "ab", "a" + ch + "b", "ab" + ch, ch + "x" + ch}) {
        String expected = byThePatterns("machine", value);
        assertThat(Identifiers.problem("machine", value))
            .as("U+%04X in '%s'", c, value)
            .isEqualTo(expected);
        if (expected != null) {
          problems++;
        }
      }
    }
    // 65 control characters and 19 white-space ones outside them, refused wherever they stand
    // (control) or at either end (white space).
    assertThat(problems).isEqualTo(65 * 5 + 19 * 4);
  }

  @Test
  void namesAsTheFieldSendsThemPassAndTheWordingNamesTheProblem() {
    assertThat(Identifiers.problem("machine", "Presse \"Große\" & <i>炉</i> 🔧")).isNull();
    assertThat(Identifiers.problem("line", "")).isEqualTo("line is empty");
    assertThat(Identifiers.problem("line", null)).isEqualTo("line is empty");
    assertThat(Identifiers.problem("site", "a".repeat(257)))
        .isEqualTo("site is longer than 256 characters");
    assertThat(Identifiers.problem("site", "a".repeat(256))).isNull();
    assertThat(Identifiers.problem("metric", "temp\nerature"))
        .isEqualTo("metric contains control character U+000A");
    assertThat(Identifiers.problem("metric", "\u00a0temperature"))
        .isEqualTo("metric has leading or trailing white space");
    assertThat(Identifiers.problem("metric", "tempe rature")).isNull();
  }
}
