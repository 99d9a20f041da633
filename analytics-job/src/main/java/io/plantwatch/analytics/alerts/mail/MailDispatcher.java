package io.plantwatch.analytics.alerts.mail;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.retry.RetryPolicy;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one micro-batch's alert events into mails and delivers them: route each mailed event to its
 * recipients, one mail per event or one digest per recipient when more than {@code digestAbove}
 * arrive at once, write each to the outbox (skipped when its key is known: a replayed batch), then
 * send what is waiting. Sending tries a mail as the mail settings' {@link RetryPolicy} allows and
 * then gives up for this round, leaving the mails in the outbox for {@link #deliverPending} to try
 * again later: an SMTP outage delays mails, it never drops them nor holds the job for long.
 */
public final class MailDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(MailDispatcher.class);

  /** Waits between attempts; interruptible. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** What one call did. */
  public record Outcome(int written, int sent, int waiting) {}

  private final MailSettings settings;
  private final MailOutbox outbox;
  private final MailSender sender;
  private final AlertMails mails;
  private final Sleeper sleeper;

  public MailDispatcher(
      MailSettings settings, MailOutbox outbox, MailSender sender, Sleeper sleeper) {
    this.settings = settings;
    this.outbox = outbox;
    this.sender = sender;
    this.mails = new AlertMails(settings.link());
    this.sleeper = sleeper;
  }

  public static MailDispatcher of(MailSettings settings) {
    return new MailDispatcher(
        settings,
        new MailOutbox(Path.of(settings.outbox())),
        settings.smtpConfigured() ? new SmtpSender(settings) : null,
        d -> Thread.sleep(d.toMillis()));
  }

  public MailOutbox outbox() {
    return outbox;
  }

  /** The mails of one batch's events, per recipient: singles, or one digest. */
  public List<Mail> render(List<AlertEvent> events) {
    Map<String, List<AlertEvent>> byRecipient = new LinkedHashMap<>();
    for (AlertEvent e : events) {
      if (!e.mailed()) {
        continue;
      }
      for (String to : settings.recipients(e.key().site(), e.key().line())) {
        byRecipient.computeIfAbsent(to, t -> new ArrayList<>()).add(e);
      }
    }
    List<Mail> out = new ArrayList<>();
    for (Map.Entry<String, List<AlertEvent>> r : byRecipient.entrySet()) {
      if (r.getValue().size() > settings.digestAbove()) {
        out.add(mails.digest(r.getKey(), r.getValue()));
      } else {
        r.getValue().forEach(e -> out.add(mails.single(r.getKey(), e)));
      }
    }
    return out;
  }

  /** Writes the batch's mails to the outbox, then sends what is waiting. */
  public synchronized Outcome dispatch(List<AlertEvent> events)
      throws IOException, MessagingException, InterruptedException {
    int written = 0;
    for (Mail m : render(events)) {
      if (outbox.store(m, settings.from())) {
        written++;
      }
    }
    Outcome delivered = deliverPending();
    return new Outcome(written, delivered.sent(), delivered.waiting());
  }

  /**
   * Sends every waiting mail, oldest first. A retriable failure is retried with backoff; once the
   * policy's attempts are spent, or when the server refuses every mail (credentials, TLS), it stops
   * and leaves everything waiting for the next call. A mail the server permanently refuses moves to
   * the outbox's {@code undeliverable/} folder and the others go on.
   */
  public synchronized Outcome deliverPending() throws IOException, InterruptedException {
    List<Path> waiting = outbox.pending();
    if (sender == null) {
      return new Outcome(0, 0, waiting.size()); // outbox only: the files are the destination
    }
    int sent = 0;
    int undeliverable = 0;
    for (Path file : waiting) {
      Send result = sendWithRetries(file);
      if (result == Send.STOP) {
        break;
      }
      if (result == Send.SENT) {
        sent++;
      } else {
        undeliverable++;
      }
    }
    int left = waiting.size() - sent - undeliverable;
    if (left > 0) {
      LOG.warn(
          "{} alert mail(s) not delivered yet; kept in {} and retried later", left, outbox.dir());
    }
    return new Outcome(0, sent, left);
  }

  private enum Send {
    SENT,
    UNDELIVERABLE,
    STOP
  }

  private Send sendWithRetries(Path file) throws IOException, InterruptedException {
    RetryPolicy retry = settings.retry();
    for (int attempt = 1; ; attempt++) {
      try {
        sender.send(outbox.read(file));
        outbox.markSent(file);
        return Send.SENT;
      } catch (MessagingException e) {
        SmtpFailure failure = SmtpFailure.classify(e);
        if (failure == SmtpFailure.UNDELIVERABLE) {
          LOG.error(
              "the SMTP server refused alert mail {} for good ({}); moved to {}",
              file.getFileName(),
              e.getMessage(),
              outbox.dir().resolve("undeliverable"));
          outbox.markUndeliverable(file, String.valueOf(e.getMessage()));
          return Send.UNDELIVERABLE;
        }
        if (failure == SmtpFailure.SERVER_REFUSES) {
          LOG.error(
              "the SMTP server refuses alert mails ({}): check plantwatch.alerts.smtp.*; they"
                  + " wait in the outbox",
              e.getMessage());
          return Send.STOP;
        }
        LOG.warn(
            "sending alert mail {} failed (attempt {} of {}): {}",
            file.getFileName(),
            attempt,
            retry.maxAttempts(),
            e.toString());
        if (attempt >= retry.maxAttempts()) {
          return Send.STOP;
        }
        sleeper.sleep(retry.backoffAfter(attempt));
      }
    }
  }
}
