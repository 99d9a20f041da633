package io.plantwatch.analytics.alerts.mail;

import io.plantwatch.analytics.config.SmtpSecurity;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * Sends over SMTP with Jakarta Mail (Angus): plain, STARTTLS (required) or SMTPS, with timeouts.
 */
public final class SmtpSender implements MailSender {
  private final MailSettings settings;
  private final Session session;

  public SmtpSender(MailSettings settings) {
    this.settings = settings;
    String protocol = settings.security() == SmtpSecurity.SMTPS ? "smtps" : "smtp";
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put(p + "host", settings.host());
    props.put(p + "port", Integer.toString(settings.port()));
    props.put(p + "auth", Boolean.toString(!settings.username().isEmpty()));
    String ms = Long.toString(settings.timeout().toMillis());
    props.put(p + "connectiontimeout", ms);
    props.put(p + "timeout", ms);
    props.put(p + "writetimeout", ms);
    if (settings.security() == SmtpSecurity.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (settings.security() != SmtpSecurity.NONE) {
      props.put(p + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(props);
  }

  @Override
  public void send(MimeMessage stored) throws MessagingException {
    // Sent as stored: sendMessage does not call saveChanges, so Message-ID and body stay as in the
    // outbox file.
    MimeMessage message = stored;
    try (Transport t = session.getTransport()) {
      if (settings.username().isEmpty()) {
        t.connect();
      } else {
        t.connect(settings.username(), settings.password());
      }
      t.sendMessage(message, message.getAllRecipients());
    }
  }
}
