package io.plantwatch.analytics.alerts.rules;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Which machines a rule applies to: glob patterns ({@code *} any run of characters, {@code ?} one
 * character) on site, line and machine; a null pattern matches everything.
 */
public record Selector(String site, String line, String machine) implements Serializable {
  public static final Selector ALL = new Selector(null, null, null);

  public boolean matches(String siteValue, String lineValue, String machineValue) {
    return glob(site, siteValue) && glob(line, lineValue) && glob(machine, machineValue);
  }

  private static boolean glob(String pattern, String value) {
    return pattern == null || regex(pattern).matcher(value == null ? "" : value).matches();
  }

  static Pattern regex(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
