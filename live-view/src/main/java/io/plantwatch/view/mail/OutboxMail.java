package io.plantwatch.view.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An alert mail as the job's outbox keeps it: {@code DIR/KEY.eml} while it waits for delivery (or,
 * without an SMTP server, for good), {@code DIR/sent/KEY.eml} once delivered. Its {@code
 * X-Plantwatch-Transitions} header names the alert transitions it reports.
 */
public record OutboxMail(
    String key,
    String status,
    String subject,
    List<String> to,
    String sentDate,
    List<String> transitions) {
  static final String TRANSITIONS_HEADER = "X-Plantwatch-Transitions";
  private static final Session SESSION = Session.getInstance(new Properties());

  static OutboxMail read(Path file, String status) throws IOException {
    return of(file, status, message(file));
  }

  /** The mail and its plain text, from one reading of the file. */
  static java.util.Map.Entry<OutboxMail, String> readWithText(Path file, String status)
      throws IOException {
    MimeMessage m = message(file);
    try {
      return java.util.Map.entry(of(file, status, m), plainText(m));
    } catch (MessagingException e) {
      throw new IOException("cannot read the mail " + file + ": " + e.getMessage(), e);
    }
  }

  private static OutboxMail of(Path file, String status, MimeMessage m) throws IOException {
    try {
      List<String> to = new ArrayList<>();
      if (m.getRecipients(Message.RecipientType.TO) != null) {
        for (var a : m.getRecipients(Message.RecipientType.TO)) {
          to.add(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString());
        }
      }
      List<String> transitions = new ArrayList<>();
      String header = m.getHeader(TRANSITIONS_HEADER, ",");
      if (header != null) {
        for (String id : MimeUtility.unfold(header).split(",")) {
          if (!id.isBlank()) {
            transitions.add(id.strip());
          }
        }
      }
      String name = file.getFileName().toString();
      return new OutboxMail(
          name.substring(0, name.length() - ".eml".length()),
          status,
          m.getSubject(),
          to,
          m.getSentDate() == null ? "" : m.getSentDate().toInstant().toString(),
          transitions);
    } catch (MessagingException e) {
      throw new IOException("cannot read the mail " + file + ": " + e.getMessage(), e);
    }
  }

  private static MimeMessage message(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(SESSION, in);
    } catch (MessagingException e) {
      throw new IOException("cannot read the mail " + file + ": " + e.getMessage(), e);
    }
  }

  private static String plainText(Part part) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      return part.getContent().toString();
    }
    if (part.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) part.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart p = mp.getBodyPart(i);
        String text = plainText(p);
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }
}
