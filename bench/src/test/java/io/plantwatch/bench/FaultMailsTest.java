package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.RulesFile;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultMailsTest {
  @TempDir Path dir;

  @Test
  void faultToMailRunsFromTheFaultsFirstReadingToItsMachinesFiringMail() throws Exception {
    try (FaultMails mails = FaultMails.start()) {
      Map<String, String> settings = mails.jobSettings(dir, "10s/2s", 5000, 500, "alerts");
      long before = System.currentTimeMillis();
      send(settings, "[plantwatch critical] RESOLVED: bench-overheat on m00003 (bench/line1)");
      send(settings, "[plantwatch warning] FIRING: other-rule on m00003 (bench/line1)");
      // Last: once it is seen, the poller has looked at the two above as well.
      send(settings, "[plantwatch critical] FIRING: bench-overheat on m00002 (bench/line1)");
      Map<String, Long> faults = new TreeMap<>();
      faults.put("m00002", before - 4000);
      faults.put("m00003", before - 2000);
      mails.await(List.of("m00002"), 10_000);
      long after = System.currentTimeMillis();

      List<String> missing = new ArrayList<>();
      List<Double> latencies = mails.latenciesMs(faults, missing);
      assertThat(missing)
          .as("no FIRING mail of the bench rule for m00003")
          .containsExactly("m00003");
      assertThat(latencies).hasSize(1);
      assertThat(latencies.get(0)).isBetween(4000.0, (double) (after - before + 4000));
    }
  }

  @Test
  void theJobSettingsPointAtARulesFileTheJobAcceptsAndAtThisServer() throws Exception {
    try (FaultMails mails = FaultMails.start()) {
      Map<String, String> settings = mails.jobSettings(dir, "10s/2s", 5000, 500, "alerts");
      RuleSet rules = RulesFile.load(Path.of(settings.get("plantwatch.alerts.rules")));
      assertThat(rules.rules()).hasSize(1);
      assertThat(rules.rules().get(0).name()).isEqualTo(FaultMails.RULE);
      assertThat(settings)
          .containsEntry("plantwatch.alerts.watermark", "5000ms")
          .containsEntry("plantwatch.alerts.topic", "alerts")
          .containsEntry("plantwatch.alerts.smtp.host", "127.0.0.1")
          .containsEntry("plantwatch.alerts.mail.digestAbove", Integer.toString(Integer.MAX_VALUE));
    }
  }

  private static void send(Map<String, String> settings, String subject) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.get("plantwatch.alerts.smtp.host"));
    p.put("mail.smtp.port", settings.get("plantwatch.alerts.smtp.port"));
    MimeMessage m = new MimeMessage(Session.getInstance(p));
    m.setFrom(new InternetAddress("plantwatch@localhost"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("maintenance@localhost"));
    m.setSubject(subject);
    m.setText("bench");
    Transport.send(m);
  }
}
