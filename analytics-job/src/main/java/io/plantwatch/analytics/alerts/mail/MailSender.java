package io.plantwatch.analytics.alerts.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Delivers one stored message; SMTP in the job, anything in a test. */
@FunctionalInterface
public interface MailSender {
  void send(MimeMessage message) throws MessagingException;
}
