package io.plantwatch.analytics.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value of {@code plantwatch.alerts.mail.routes}: mail routing for one site and line ({@code *}
 * matches any), written {@code site/line=a@x,b@y}; several routes are separated by {@code ;}.
 */
public record MailRoute(String site, String line, List<String> to) implements Serializable {
  public MailRoute {
    to = List.copyOf(to);
  }

  public boolean matches(String siteValue, String lineValue) {
    return ("*".equals(site) || site.equals(siteValue))
        && ("*".equals(line) || line.equals(lineValue));
  }

  public static List<MailRoute> parseList(String raw) {
    List<MailRoute> out = new ArrayList<>();
    for (String part : raw.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      int slash = part.indexOf('/');
      if (eq < 0 || slash < 0 || slash > eq) {
        throw new IllegalArgumentException(
            "'"
                + part.strip()
                + "' is not site/line=address[,address] (use * for any site or line)");
      }
      List<String> to = addresses(part.substring(eq + 1));
      if (to.isEmpty()) {
        throw new IllegalArgumentException("'" + part.strip() + "' names no address");
      }
      out.add(
          new MailRoute(
              part.substring(0, slash).strip(), part.substring(slash + 1, eq).strip(), to));
    }
    return out;
  }

  /** Comma-separated addresses; each must be a plain address (no display name, no line breaks). */
  public static List<String> addresses(String raw) {
    List<String> out = new ArrayList<>();
    for (String a : Arrays.asList(raw.split(","))) {
      String v = a.strip();
      if (v.isEmpty()) {
        continue;
      }
      if (!v.matches("[^\\s@<>,;\"]+@[^\\s@<>,;\"]+")) {
        throw new IllegalArgumentException("'" + v + "' is not a mail address");
      }
      out.add(v);
    }
    return out;
  }
}
