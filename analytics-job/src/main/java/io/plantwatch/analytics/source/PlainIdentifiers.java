package io.plantwatch.analytics.source;

import io.plantwatch.telemetry.Identifiers;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Whether a record's five identifiers, joined by U+0000 as UTF-8, are all plain names: each 1 to
 * {@link Identifiers#MAX_LENGTH} of {@code A-Z a-z 0-9 _ . : / -}. Such names pass every rule of
 * {@link IdentifierCheck}, so nearly every record is cleared by this one pass over its bytes and
 * only the others are checked rule by rule.
 *
 * <p>It reads bytes, not text: the plain characters are ASCII, and every byte of any other
 * character in UTF-8 is 0x80 or more, so a name holding one is not plain. A regular expression over
 * the joined text did the same with the text decoded first; it was 6 % of the analytics job's task
 * time at its ceiling (docs/performance.md).
 */
final class PlainIdentifiers implements UDF1<byte[], Boolean> {
  private static final long serialVersionUID = 1L;

  /** How many identifiers a record has, and so how many parts the joined bytes must have. */
  static final int COUNT = IdentifierCheck.IDENTIFIERS.size();

  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      PLAIN[c] = true;
      PLAIN[Character.toLowerCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      PLAIN[c] = true;
    }
    for (char c : "_.:/-".toCharArray()) {
      PLAIN[c] = true;
    }
  }

  @Override
  public Boolean call(byte[] joined) {
    return plain(joined);
  }

  static boolean plain(byte[] joined) {
    int parts = 1;
    int length = 0;
    for (byte b : joined) {
      if (b == 0) {
        if (length == 0 || ++parts > COUNT) {
          return false;
        }
        length = 0;
      } else if (b < 0 || !PLAIN[b] || ++length > Identifiers.MAX_LENGTH) {
        return false;
      }
    }
    return parts == COUNT && length > 0;
  }
}
