package io.plantwatch.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.telemetry.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The byte check clears exactly the identifiers the rule's definition calls plain: five parts of 1
 * to {@link Identifiers#MAX_LENGTH} characters of {@code A-Z a-z 0-9 _ . : / -}, joined by U+0000.
 */
class PlainIdentifiersTest {
  // The definition, as the regular expression the job ran before.
  private static final Pattern DEFINITION =
      Pattern.compile(
          "^(?:[A-Za-z0-9_.:/-]{1,"
              + Identifiers.MAX_LENGTH
              + "}\u0000){4}[A-Za-z0-9_.:/-]{1,"
              + Identifiers.MAX_LENGTH
              + "}\\z");

  // Plain characters, characters next to them in ASCII, a control character, the separator and
  // characters of two, three and four bytes in UTF-8.
  private static final String ALPHABET = "aZ09_.:/-@[`{ ,=\"\\\u007f\n\u0000é日\uD83D\uDE00";

  @Test
  void agreesWithTheDefinitionOnRandomJoinedNames() {
    Random random = new Random(42);
    int plain = 0;
    for (int i = 0; i < 200_000; i++) {
      String joined = joined(random);
      boolean expected = DEFINITION.matcher(joined).find();
      plain += expected ? 1 : 0;
      assertThat(PlainIdentifiers.plain(joined.getBytes(StandardCharsets.UTF_8)))
          .as("%s", joined.replace("\u0000", "|"))
          .isEqualTo(expected);
    }
    // Both verdicts are common enough for the comparison to mean something.
    assertThat(plain).isBetween(10_000, 190_000);
  }

  @Test
  void theLengthLimitAndThePartCountAreExact() {
    String longest = "x".repeat(Identifiers.MAX_LENGTH);
    assertThat(plain("gw-1", "s", "l", "m", longest)).isTrue();
    assertThat(plain("gw-1", "s", "l", "m", longest + "x")).isFalse();
    assertThat(plain(longest + "x", "s", "l", "m", "t")).isFalse();
    assertThat(plain("gw-1", "s", "l", "m")).isFalse();
    assertThat(plain("gw-1", "s", "l", "m", "t", "u")).isFalse();
    assertThat(plain("gw-1", "s", "", "m", "t")).isFalse();
    assertThat(plain("gw-1", "s", "l", "m", "")).isFalse();
    assertThat(plain("", "s", "l", "m", "t")).isFalse();
    assertThat(PlainIdentifiers.plain(new byte[0])).isFalse();
    assertThat(plain("plant_a.line:2/press-07", "S1", "L-2", "m.3", "temp")).isTrue();
    assertThat(plain("gw-1", "Süd", "l", "m", "t")).isFalse();
  }

  private static boolean plain(String... parts) {
    return PlainIdentifiers.plain(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
  }

  private static String joined(Random random) {
    // Mostly five parts, sometimes four or six; lengths around both ends of the limit.
    int parts = random.nextInt(10) == 0 ? 4 + 2 * random.nextInt(2) : 5;
    List<String> names = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int length =
          switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> Identifiers.MAX_LENGTH + random.nextInt(2);
            default -> 1 + random.nextInt(12);
          };
      StringBuilder name = new StringBuilder();
      boolean odd = random.nextInt(3) == 0;
      for (int c = 0; c < length; c++) {
        int k = odd ? random.nextInt(ALPHABET.length() - 1) : random.nextInt(9);
        char ch = ALPHABET.charAt(k);
        name.append(ch);
        if (Character.isHighSurrogate(ch)) {
          name.append(ALPHABET.charAt(k + 1));
        }
      }
      names.add(name.toString());
    }
    return String.join("\u0000", names);
  }
}
