package io.plantwatch.analytics.config;

import java.util.Locale;

/** A value of {@code plantwatch.alerts.smtp.security}: how the SMTP connection is secured. */
public enum SmtpSecurity {
  NONE,
  STARTTLS,
  SMTPS;

  public static SmtpSecurity parse(String raw) {
    try {
      return valueOf(raw.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + raw + "' is not none, starttls or smtps");
    }
  }
}
