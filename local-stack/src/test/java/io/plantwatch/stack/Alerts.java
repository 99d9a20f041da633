package io.plantwatch.stack;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.AlertState;
import io.plantwatch.analytics.alerts.lifecycle.FlappingPolicy;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.RulesFile;
import io.plantwatch.testsupport.SmtpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alert mails a run must send, from the reference windows (computed in plain Java from the
 * simulator's log) put through the rules and the alert lifecycle, which have their own
 * hand-computed unit tests; and the same "machine STATE" pairs read back from received mails.
 * Public for cluster-test.
 */
public final class Alerts {
  private static final Pattern SUBJECT = Pattern.compile("\\] ([A-Z ]+): (\\S+) on (.+) \\(");

  private Alerts() {}

  /**
   * A vibration spike (the simulator's injected fault: +8 mm/s on one reading) or the last stage of
   * wear takes a machine's maximum over {@code window} above 7 mm/s: FIRING for that window,
   * RESOLVED at the next window whose maximum is back under 5.
   */
  public static String vibrationSpikeRule(String window) {
    return """
        version: 1
        rules:
          - name: vibration-spike
            type: threshold
            metric: vibration
            window: %s
            statistic: max
            operator: ">"
            threshold: 7.0
            clear: 5.0
            for: 1
            severity: critical
        """
        .formatted(window);
  }

  /**
   * The mails ("machine rule STATE") the reference windows give through {@code rulesYaml} and the
   * alert lifecycle.
   */
  public static List<String> expectedMails(
      String rulesYaml, Map<Windows.Key, Windows.Stats> reference) {
    List<Observed> observed = new ArrayList<>();
    // The reference is sorted by machine, metric, window and end: each machine's windows in order.
    for (Map.Entry<Windows.Key, Windows.Stats> w : reference.entrySet()) {
      Windows.Key k = w.getKey();
      Windows.Stats s = w.getValue();
      observed.add(
          new Observed(
              k.machine(),
              new Observation(
                  k.metric(), k.window(), k.end(), s.avg(), s.max(), s.min(), s.count())));
    }
    return expectedMails(RulesFile.parse("e2e rules", rulesYaml), observed);
  }

  /** One machine's observation, as a rule sees it. */
  public record Observed(String machine, Observation observation) {}

  /**
   * The mails ("machine rule STATE") {@code observed}, in order per machine, give through {@code
   * rules} and the alert lifecycle the tests configure (no flapping limit, stale after an hour).
   */
  public static List<String> expectedMails(RuleSet rules, List<Observed> observed) {
    AlertLifecycle lifecycle =
        new AlertLifecycle(new FlappingPolicy(100_000, Duration.ofHours(1)), Duration.ofHours(1));
    Map<String, AlertState> states = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (Observed x : observed) {
      Observation o = x.observation();
      for (Rule rule : rules.applicable("plant1", "line1", x.machine(), o.metric(), o.window())) {
        AlertState state =
            states.computeIfAbsent(x.machine() + "/" + rule.name(), n -> new AlertState());
        for (AlertEvent e :
            lifecycle.observe(new MachineKey("plant1", "line1", x.machine()), rule, state, o)) {
          if (e.mailed()) {
            out.add(x.machine() + " " + rule.name() + " " + e.state().name());
          }
        }
      }
    }
    return out;
  }

  /**
   * Waits up to 3 minutes for {@code expected}'s number of mails, then 3 s for any sent twice, and
   * asserts the mails received ("machine rule STATE") are exactly {@code expected}. When they do
   * not come, the failure names the missing ones, with {@code context} (what the test knows of
   * why).
   */
  public static List<String> awaitMails(
      SmtpServer smtp, List<String> expected, Supplier<String> context) throws Exception {
    try {
      org.awaitility.Awaitility.await("alert mails")
          .atMost(Duration.ofMinutes(3))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> smtp.messages().size() >= expected.size());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      org.assertj.core.api.Assertions.assertThat(received(smtp.messages()))
          .as("alert mails after 3 minutes; %s", context.get())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    Thread.sleep(3_000); // a mail sent twice would arrive now
    List<String> got = received(smtp.messages());
    org.assertj.core.api.Assertions.assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    return got;
  }

  /** "machine rule STATE" from the subject of each mail received. */
  public static List<String> received(List<MimeMessage> mails) throws MessagingException {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mails) {
      Matcher x = SUBJECT.matcher(m.getSubject());
      out.add(
          x.find()
              ? x.group(3) + " " + x.group(2) + " " + x.group(1)
              : "unexpected subject: " + m.getSubject());
    }
    return out;
  }
}
