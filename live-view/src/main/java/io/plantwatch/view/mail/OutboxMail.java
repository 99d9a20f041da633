package io.plantwatch.view.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * An alert mail as the job's outbox keeps it: {@code DIR/KEY.eml} while it waits for delivery,
 * {@code DIR/sent/KEY.eml} once delivered, named by the alert transition's id. The view reads it to
 * show which mail a transition produced; it never writes there.
 */
public record OutboxMail(
    String id, String status, String subject, List<String> to, String sentDate, String text) {
  /** Transition ids are hex; anything else would let a request walk the file system. */
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8,64}");

  private static final Session SESSION = Session.getInstance(new Properties());

  /** The mail of transition {@code id} in {@code outbox}, when there is one. */
  public static Optional<OutboxMail> find(Path outbox, String id) throws IOException {
    if (outbox == null || id == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Path sent = outbox.resolve("sent").resolve(id + ".eml");
    Path waiting = outbox.resolve(id + ".eml");
    if (Files.exists(sent)) {
      return Optional.of(read(id, "sent", sent));
    }
    if (Files.exists(waiting)) {
      return Optional.of(read(id, "waiting", waiting));
    }
    return Optional.empty();
  }

  private static OutboxMail read(String id, String status, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MimeMessage m = new MimeMessage(SESSION, in);
      List<String> to = new ArrayList<>();
      if (m.getRecipients(Message.RecipientType.TO) != null) {
        for (var a : m.getRecipients(Message.RecipientType.TO)) {
          to.add(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString());
        }
      }
      return new OutboxMail(
          id,
          status,
          m.getSubject(),
          to,
          m.getSentDate() == null ? "" : m.getSentDate().toInstant().toString(),
          plainText(m));
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
