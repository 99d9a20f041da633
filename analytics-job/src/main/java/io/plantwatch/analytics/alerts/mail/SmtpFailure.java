package io.plantwatch.analytics.alerts.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * The one place deciding what a failed SMTP send means. {@link #RETRIABLE}: the server is away or
 * busy (no connection, timeouts, 4xx replies): try again with backoff, then later. {@link
 * #SERVER_REFUSES}: the server will refuse every mail until someone acts (bad credentials, a TLS
 * certificate the job does not trust): retrying now is pointless, every mail stays in the outbox
 * and the next round tries again. {@link #UNDELIVERABLE}: the server permanently refuses this mail
 * (5xx on a recipient or the message): it can never go, so it leaves the queue for the outbox's
 * {@code undeliverable/} folder with the reason, instead of blocking every mail behind it.
 */
public enum SmtpFailure {
  RETRIABLE,
  SERVER_REFUSES,
  UNDELIVERABLE;

  public static SmtpFailure classify(MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return SERVER_REFUSES;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLHandshakeException || t instanceof GeneralSecurityException) {
        return SERVER_REFUSES;
      }
    }
    int code = replyCode(e);
    if (code >= 500 && code < 600) {
      return code == 530 || code == 535 ? SERVER_REFUSES : UNDELIVERABLE;
    }
    if (code < 0
        && e instanceof SendFailedException s
        && s.getInvalidAddresses() != null
        && s.getInvalidAddresses().length > 0) {
      return UNDELIVERABLE;
    }
    return RETRIABLE;
  }

  /** The SMTP reply code the failure carries, or -1 (no reply: the connection failed). */
  static int replyCode(MessagingException e) {
    for (Exception t = e; t != null; ) {
      if (t instanceof SMTPAddressFailedException a) {
        return a.getReturnCode();
      }
      if (t instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      if (t instanceof IOException) {
        return -1;
      }
      t =
          t instanceof MessagingException m && m.getNextException() != t
              ? m.getNextException()
              : null;
    }
    return -1;
  }
}
