package io.plantwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpServerIT {
  @RegisterExtension static final SmtpServer smtp = new SmtpServer();

  @Test
  void receivesMailAndKeepsItAcrossARestart() throws Exception {
    send("first");
    smtp.stop();
    smtp.start();
    send("second");
    List<MimeMessage> all = smtp.awaitMessages(2, Duration.ofSeconds(10));
    assertThat(all).extracting(MimeMessage::getSubject).containsExactly("first", "second");
    assertThat(all.get(0).getAllRecipients()[0].toString()).isEqualTo("crew@plant.example");
  }

  private static void send(String subject) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    MimeMessage m = new MimeMessage(Session.getInstance(p));
    m.setFrom(new InternetAddress("plantwatch@plant.example"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("crew@plant.example"));
    m.setSubject(subject);
    m.setText("body");
    Transport.send(m);
  }
}
