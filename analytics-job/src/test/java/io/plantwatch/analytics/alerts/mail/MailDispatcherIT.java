package io.plantwatch.analytics.alerts.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.config.MailRoute;
import io.plantwatch.analytics.config.SmtpSecurity;
import io.plantwatch.testsupport.SmtpServer;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alert mails through a real SMTP server (GreenMail): content, digests, replays and outages. */
class MailDispatcherIT {
  @RegisterExtension static final SmtpServer SMTP = new SmtpServer();

  @TempDir Path outbox;

  MailSettings settings(String host, String outboxDir) {
    return new MailSettings(
        host,
        SMTP.port(),
        SmtpSecurity.NONE,
        "",
        "",
        "plantwatch@example.org",
        List.of("planner@example.org"),
        MailRoute.parseList("hamburg/*=hh-crew@example.org,planner@example.org"),
        10,
        outboxDir,
        3,
        Duration.ofMillis(100),
        Duration.ofMillis(400),
        Duration.ofSeconds(5),
        new MachineLink(
            "http://grafana.example.org/",
            "plantwatch-machine-detail/plantwatch-machine-detail",
            ""));
  }

  static AlertEvent event(String site, String machine, AlertPhase state, long at) {
    return new AlertEvent(
        new MachineKey(site, "L1", machine),
        "temp-high",
        "warning",
        "temperature",
        state,
        state == AlertPhase.FIRING ? AlertPhase.PENDING : AlertPhase.FIRING,
        at,
        81.5,
        80,
        null,
        "temperature avg 81.5 > 80",
        false,
        List.of(new AlertEvent.Point(at - 60_000, 79.0), new AlertEvent.Point(at, 81.5)));
  }

  /**
   * The messages whose subject contains {@code marker} ({@code before} is unused: see matching),
   * once {@code count} arrived; a second later, so that one more (a duplicate) would show too.
   */
  static List<MimeMessage> arrived(int before, String marker, int count) throws Exception {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .failFast(() -> false)
        .alias("mails with '" + marker + "' in " + subjects())
        .until(() -> matching(before, marker).size() >= count);
    Thread.sleep(1000);
    return matching(before, marker);
  }

  static List<String> subjects() throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : SMTP.messages()) {
      out.add(m.getSubject());
    }
    return out;
  }

  static List<MimeMessage> matching(int before, String marker) throws Exception {
    List<MimeMessage> all = SMTP.messages();
    List<MimeMessage> out = new ArrayList<>();
    // Each test's machines are its own, so its subjects are; the server's list order across a
    // stop/start is not a time order, so no index is used.
    for (MimeMessage m : all) {
      if (m.getSubject().contains(marker)) {
        out.add(m);
      }
    }
    return out;
  }

  static String part(MimeMessage m, int i) throws Exception {
    return (String) ((MimeMultipart) m.getContent()).getBodyPart(i).getContent();
  }

  static List<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
  }

  @Test
  void hostileMachineNamesAreEscapedAndCannotAddHeaders() throws Exception {
    int before = SMTP.messages().size();
    MailDispatcher mail = MailDispatcher.of(settings(SMTP.host(), outbox.toString()));
    String hostile = "press <b>7</b>\r\nBcc: victim@example.org";
    AlertEvent firing = event("bremen", hostile, AlertPhase.FIRING, 120_000);

    MailDispatcher.Outcome outcome = mail.dispatch(List.of(firing));

    assertThat(outcome).isEqualTo(new MailDispatcher.Outcome(1, 1, 0));
    MimeMessage m = arrived(before, "press <b>7</b>", 1).get(0);
    assertThat(to(m)).containsExactly("planner@example.org");
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getSubject())
        .isEqualTo(
            "[plantwatch warning] FIRING: temp-high on press <b>7</b> Bcc: victim@example.org"
                + " (bremen/L1)");
    assertThat(m.getMessageID())
        .isEqualTo("<" + mail.render(List.of(firing)).get(0).key() + "@plantwatch>");
    String text = part(m, 0);
    String html = part(m, 1);
    assertThat(text).contains("FIRING: temp-high on press <b>7</b>").contains("Observed:  81.5");
    assertThat(html)
        .contains("press &lt;b&gt;7&lt;/b&gt;")
        .doesNotContain("<b>7</b>")
        .contains(
            "href=\"http://grafana.example.org/d/plantwatch-machine-detail/plantwatch-machine-detail"
                + "?var-site&#61;bremen&amp;var-line&#61;L1&amp;var-machine&#61;press%20%3Cb%3E7"
                + "%3C%2Fb%3E%0D%0ABcc%3A%20victim%40example.org&amp;from&#61;-3480000&amp;to&#61;"
                + "1020000\"")
        .contains("<td>1970-01-01T00:02:00Z</td><td align=\"right\">81.5</td>");
    try (Stream<Path> sent = Files.list(outbox.resolve("sent"))) {
      assertThat(sent).hasSize(1);
    }
  }

  @Test
  void aReplayedBatchSendsNothingTwice() throws Exception {
    int before = SMTP.messages().size();
    MailDispatcher mail = MailDispatcher.of(settings(SMTP.host(), outbox.toString()));
    List<AlertEvent> batch =
        List.of(
            event("bremen", "lathe 1", AlertPhase.FIRING, 60_000),
            event("bremen", "lathe 2", AlertPhase.RESOLVED, 60_000));
    assertThat(mail.dispatch(batch)).isEqualTo(new MailDispatcher.Outcome(2, 2, 0));
    // The job crashed after the mails went out and replays the batch: same events, same keys.
    MailDispatcher afterRestart = MailDispatcher.of(settings(SMTP.host(), outbox.toString()));
    assertThat(afterRestart.dispatch(batch)).isEqualTo(new MailDispatcher.Outcome(0, 0, 0));
    assertThat(arrived(before, "lathe", 2)).hasSize(2);
  }

  @Test
  void anAlertStormBecomesOneDigestPerRecipient() throws Exception {
    int before = SMTP.messages().size();
    MailDispatcher mail = MailDispatcher.of(settings(SMTP.host(), outbox.toString()));
    List<AlertEvent> storm = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      storm.add(event(i % 3 == 0 ? "hamburg" : "bremen", "m-" + i, AlertPhase.FIRING, 60_000));
    }
    assertThat(mail.dispatch(storm).sent()).isEqualTo(2);
    List<MimeMessage> got = arrived(before, "digest", 2);
    // hamburg (100 machines) is routed to its crew and the planner; the rest to the planner only.
    assertThat(got).hasSize(2);
    boolean plannerFirst = to(got.get(0)).contains("planner@example.org");
    MimeMessage planner = got.get(plannerFirst ? 0 : 1);
    MimeMessage crew = got.get(plannerFirst ? 1 : 0);
    assertThat(to(planner)).containsExactly("planner@example.org");
    assertThat(planner.getSubject())
        .isEqualTo("[plantwatch digest] 300 alert changes on 300 machines (300 firing)");
    assertThat(to(crew)).containsExactly("hh-crew@example.org");
    assertThat(crew.getSubject())
        .isEqualTo("[plantwatch digest] 100 alert changes on 100 machines (100 firing)");
    assertThat(part(planner, 0))
        .contains("temp-high on m-299")
        .containsPattern("temp-high on m-0\\r?\\n");
  }

  @Test
  void mailsWaitInTheOutboxDuringAnSmtpOutageAndArriveOnceAfterwards() throws Exception {
    int before = SMTP.messages().size();
    MailDispatcher mail = MailDispatcher.of(settings(SMTP.host(), outbox.toString()));
    List<AlertEvent> batch =
        List.of(
            event("bremen", "pump 1", AlertPhase.FIRING, 60_000),
            event("bremen", "pump 2", AlertPhase.FIRING, 60_000),
            event("bremen", "pump 3", AlertPhase.FIRING, 60_000));
    SMTP.stop();
    long down = System.nanoTime();
    try (OutboxDrainer drainer = new OutboxDrainer(mail, Duration.ofSeconds(2))) {
      // Bounded: 3 attempts with 100 + 200 ms backoff, then the batch goes on.
      assertThat(mail.dispatch(batch)).isEqualTo(new MailDispatcher.Outcome(3, 0, 3));
      assertThat(mail.outbox().pending()).hasSize(3);
      // The batch is replayed while the server is still down: nothing new is written.
      assertThat(mail.dispatch(batch)).isEqualTo(new MailDispatcher.Outcome(0, 0, 3));
      long waitedMs = (System.nanoTime() - down) / 1_000_000;
      Thread.sleep(Math.max(0, 15_000 - waitedMs)); // the outage itself: 15 s without SMTP
      SMTP.start();
      assertThat(arrived(before, "pump", 3)).hasSize(3);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> mail.outbox().pending().isEmpty());
    }
    assertThat(mail.dispatch(batch)).isEqualTo(new MailDispatcher.Outcome(0, 0, 0));
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : arrived(before, "pump", 3)) {
      subjects.add(m.getSubject());
    }
    assertThat(subjects)
        .containsExactlyInAnyOrder(
            "[plantwatch warning] FIRING: temp-high on pump 1 (bremen/L1)",
            "[plantwatch warning] FIRING: temp-high on pump 2 (bremen/L1)",
            "[plantwatch warning] FIRING: temp-high on pump 3 (bremen/L1)");
  }

  @Test
  void withoutSmtpHostTheOutboxFolderIsTheDestination() throws Exception {
    MailDispatcher mail = MailDispatcher.of(settings("", outbox.toString()));
    AlertEvent e = event("bremen", "press 9", AlertPhase.RESOLVED, 60_000);
    assertThat(mail.dispatch(List.of(e))).isEqualTo(new MailDispatcher.Outcome(1, 0, 1));
    List<Path> files = mail.outbox().pending();
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).matches("[0-9a-f]{32}\\.eml");
    MimeMessage m = mail.outbox().read(files.get(0));
    assertThat(m.getSubject())
        .isEqualTo("[plantwatch warning] RESOLVED: temp-high on press 9 (bremen/L1)");
    assertThat(mail.dispatch(List.of(e))).isEqualTo(new MailDispatcher.Outcome(0, 0, 1));
  }
}
