package io.plantwatch.analytics.alerts.mail;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.config.MailRoute;
import io.plantwatch.analytics.config.SmtpSecurity;
import io.plantwatch.analytics.retry.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where alert mails go and how. Without an SMTP host the outbox folder is the only destination:
 * every mail is written there as an {@code .eml} file and stays there.
 *
 * @param host SMTP host, or empty for outbox-only
 * @param digestAbove a recipient with more than this many mails in one micro-batch gets one digest
 * @param link where each alert's link opens the machine
 */
public record MailSettings(
    String host,
    int port,
    SmtpSecurity security,
    String username,
    String password,
    String from,
    List<String> defaultTo,
    List<MailRoute> routes,
    int digestAbove,
    String outbox,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration timeout,
    MachineLink link)
    implements Serializable {

  public MailSettings {
    defaultTo = List.copyOf(defaultTo);
    routes = List.copyOf(routes);
  }

  /** How often and how patiently one round of sending tries a mail. */
  public RetryPolicy retry() {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  /** The mail settings of the job's configuration; the password from its key or its file. */
  public static MailSettings from(JobConfig c) {
    String password = c.secret(JobConfig.MAIL_SMTP_PASSWORD, JobConfig.MAIL_SMTP_PASSWORD_FILE);
    return new MailSettings(
        c.get(JobConfig.MAIL_SMTP_HOST),
        c.get(JobConfig.MAIL_SMTP_PORT),
        SmtpSecurity.parse(c.get(JobConfig.MAIL_SMTP_SECURITY)),
        c.get(JobConfig.MAIL_SMTP_USERNAME),
        password,
        c.get(JobConfig.MAIL_FROM),
        MailRoute.addresses(c.get(JobConfig.MAIL_TO)),
        MailRoute.parseList(c.get(JobConfig.MAIL_ROUTES)),
        c.get(JobConfig.MAIL_DIGEST_ABOVE),
        c.get(JobConfig.MAIL_OUTBOX),
        c.get(JobConfig.MAIL_MAX_ATTEMPTS),
        c.get(JobConfig.MAIL_INITIAL_BACKOFF),
        c.get(JobConfig.MAIL_MAX_BACKOFF),
        c.get(JobConfig.MAIL_TIMEOUT),
        MachineLink.from(c));
  }

  public boolean smtpConfigured() {
    return host != null && !host.isBlank();
  }

  /** Recipients of a machine's alerts: the routes matching its site and line, else the default. */
  public List<String> recipients(String site, String line) {
    List<String> out = new ArrayList<>();
    for (MailRoute r : routes) {
      if (r.matches(site, line)) {
        r.to().stream().filter(a -> !out.contains(a)).forEach(out::add);
      }
    }
    return out.isEmpty() ? defaultTo : out;
  }

  @Override
  public String toString() {
    // The password never reaches a log line.
    return "MailSettings[host=" + host + ", port=" + port + ", security=" + security + "]";
  }
}
