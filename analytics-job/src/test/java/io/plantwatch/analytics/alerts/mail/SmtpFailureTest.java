package io.plantwatch.analytics.alerts.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpFailureTest {
  private static final Address[] NONE = new Address[0];

  @Test
  void aServerThatIsAwayOrBusyIsRetried() throws Exception {
    assertThat(SmtpFailure.classify(new MessagingException("down", new ConnectException())))
        .isEqualTo(SmtpFailure.RETRIABLE);
    assertThat(SmtpFailure.classify(new MessagingException("slow", new SocketTimeoutException())))
        .isEqualTo(SmtpFailure.RETRIABLE);
    assertThat(
            SmtpFailure.classify(
                new SMTPSendFailedException(
                    "DATA", 451, "451 try again later", null, NONE, NONE, NONE)))
        .isEqualTo(SmtpFailure.RETRIABLE);
  }

  @Test
  void credentialsAndCertificatesStopTheRoundAndKeepEveryMail() {
    assertThat(SmtpFailure.classify(new AuthenticationFailedException("535 bad credentials")))
        .isEqualTo(SmtpFailure.SERVER_REFUSES);
    assertThat(
            SmtpFailure.classify(
                new MessagingException("tls", new SSLHandshakeException("untrusted"))))
        .isEqualTo(SmtpFailure.SERVER_REFUSES);
    assertThat(
            SmtpFailure.classify(
                new SMTPSendFailedException(
                    "MAIL", 530, "530 authentication required", null, NONE, NONE, NONE)))
        .isEqualTo(SmtpFailure.SERVER_REFUSES);
  }

  @Test
  void aPermanentRefusalOfThisMailMakesItUndeliverable() throws Exception {
    InternetAddress nobody = new InternetAddress("nobody@example.org");
    SMTPAddressFailedException refused =
        new SMTPAddressFailedException(nobody, "RCPT", 550, "550 no such user");
    assertThat(SmtpFailure.classify(new SendFailedException("invalid", refused)))
        .isEqualTo(SmtpFailure.UNDELIVERABLE);
    assertThat(
            SmtpFailure.classify(
                new SMTPSendFailedException(
                    "DATA", 554, "554 message refused", null, NONE, NONE, NONE)))
        .isEqualTo(SmtpFailure.UNDELIVERABLE);
    assertThat(
            SmtpFailure.classify(
                new SendFailedException("invalid", null, NONE, NONE, new Address[] {nobody})))
        .isEqualTo(SmtpFailure.UNDELIVERABLE);
  }
}
