package io.plantwatch.analytics.alerts.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The durable record of every alert mail, one {@code .eml} file (RFC 822, openable by any mail
 * client) named by the mail's idempotency key. A mail is written here <em>before</em> it is sent:
 * {@code DIR/KEY.eml} is waiting (or, without an SMTP server, simply kept), {@code
 * DIR/sent/KEY.eml} was delivered. A key that exists in either place is never written again, which
 * is what makes a replayed micro-batch send nothing twice.
 */
public final class MailOutbox {
  private final Path dir;
  private final Path sent;
  private final Session session = Session.getInstance(new Properties());

  public MailOutbox(Path dir) {
    this.dir = dir;
    this.sent = dir.resolve("sent");
    try {
      Files.createDirectories(sent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the mail outbox " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Whether a mail with this key was written already (waiting or sent). */
  public boolean known(String key) {
    return Files.exists(pendingFile(key)) || Files.exists(sent.resolve(key + ".eml"));
  }

  /**
   * Writes {@code mail} as {@code KEY.eml} unless its key is known; atomically, so a crash leaves
   * either the whole file or none.
   *
   * @return true when written, false when the key was known
   */
  public boolean store(Mail mail, String from) throws IOException, MessagingException {
    if (known(mail.key())) {
      return false;
    }
    MimeMessage message = message(mail, from);
    Path tmp = dir.resolve("." + mail.key() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      message.writeTo(out);
    }
    try {
      Files.move(tmp, pendingFile(mail.key()), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, pendingFile(mail.key()), StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  /** Mails waiting for delivery, oldest first. */
  public List<Path> pending() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".eml"))
          .sorted(Comparator.comparing(MailOutbox::modified).thenComparing(Path::getFileName))
          .toList();
    }
  }

  /** The stored message, exactly as it will be sent. */
  public MimeMessage read(Path file) throws IOException, MessagingException {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(session, in);
    }
  }

  public void markSent(Path file) throws IOException {
    Files.move(file, sent.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Moves a mail the server permanently refused to {@code DIR/undeliverable/}, with the server's
   * answer beside it in {@code KEY.eml.reason}: kept for the operator, no longer retried.
   */
  public void markUndeliverable(Path file, String reason) throws IOException {
    Path dead = dir.resolve("undeliverable");
    Files.createDirectories(dead);
    Files.writeString(
        dead.resolve(file.getFileName() + ".reason"), reason + "\n", StandardCharsets.UTF_8);
    Files.move(file, dead.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  private Path pendingFile(String key) {
    return dir.resolve(key + ".eml");
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  MimeMessage message(Mail mail, String from) throws MessagingException {
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            // Stable per mail: a receiving client can also recognise a repeat.
            setHeader("Message-ID", "<" + mail.key() + "@plantwatch>");
          }
        };
    m.setFrom(new InternetAddress(from, true));
    m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
    // setSubject encodes non-ASCII (RFC 2047); the subject holds no line break (AlertMails).
    m.setSubject(AlertMails.oneLine(mail.subject()), "UTF-8");
    m.setHeader("X-Plantwatch-Alert-Key", mail.key());
    // Hex keys, comma-separated, folded: a digest's list would pass a header line's 998 octets.
    m.setHeader(
        Mail.TRANSITIONS_HEADER,
        jakarta.mail.internet.MimeUtility.fold(
            Mail.TRANSITIONS_HEADER.length() + 2, String.join(", ", mail.transitions())));
    m.setSentDate(new Date());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), "UTF-8", "html");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }
}
