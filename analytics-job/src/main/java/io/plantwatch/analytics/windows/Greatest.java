package io.plantwatch.analytics.windows;

/**
 * The greater of two texts as Spark's {@code max} over strings orders them (by their UTF-8 bytes,
 * which is code point order), ignoring nulls. Java's {@code compareTo} orders UTF-16 units, which
 * disagrees for characters beyond U+FFFF against those between U+E000 and U+FFFF.
 */
final class Greatest {
  private Greatest() {}

  static String of(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null || a.equals(b)) {
      return a;
    }
    return compareCodePoints(a, b) >= 0 ? a : b;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
