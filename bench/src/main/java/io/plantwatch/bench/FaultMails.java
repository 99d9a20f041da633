package io.plantwatch.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.plantwatch.analytics.config.JobConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alert half of the bench: a rule that fires on the devices' injected faults, and a real SMTP
 * server (GreenMail, in the JVM) that notes when each machine's FIRING mail arrives, so that
 * fault-to-mail latency runs from a fault's first reading to the mail a maintenance crew would get.
 */
public final class FaultMails implements AutoCloseable {
  public static final String RULE = "bench-overheat";

  private static final Pattern FIRING = Pattern.compile("FIRING: " + RULE + " on (\\S+) ");

  private final GreenMail smtp;
  private final int port;
  private final Map<String, Long> firstMailAt = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  private FaultMails(GreenMail smtp, int port) {
    this.smtp = smtp;
    this.port = port;
    this.poller = new Thread(this::poll, "bench-mail");
    poller.setDaemon(true);
    poller.start();
  }

  public static FaultMails start() {
    // A port the server binds itself: no window for another process to take a probed one.
    GreenMail smtp =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    return new FaultMails(smtp, smtp.getSmtp().getPort());
  }

  /**
   * The job settings that turn alerting on for the bench: the rule file (written to {@code dir}),
   * the alert watermark, and this SMTP server.
   *
   * @param window the rule's window, e.g. {@code 10s/2s}
   * @param threshold a value between the devices' normal readings and a fault's
   */
  public Map<String, String> jobSettings(
      Path dir, String window, long alertWatermarkMs, double threshold, String alertsTopic)
      throws IOException {
    Path rules = dir.resolve("bench-rules.yaml");
    Files.writeString(
        rules,
        String.join(
            "\n",
            "version: 1",
            "rules:",
            "  - name: " + RULE,
            "    type: threshold",
            "    metric: temperature",
            "    window: " + window,
            "    statistic: max",
            "    operator: \">\"",
            "    threshold: " + threshold,
            "    severity: critical",
            ""));
    return Map.of(
        JobConfig.ALERTS_RULES.name(),
        rules.toString(),
        JobConfig.ALERTS_WATERMARK.name(),
        alertWatermarkMs + "ms",
        JobConfig.ALERTS_TOPIC.name(),
        alertsTopic,
        JobConfig.MAIL_OUTBOX.name(),
        dir.resolve("outbox").toString(),
        JobConfig.MAIL_SMTP_HOST.name(),
        "127.0.0.1",
        JobConfig.MAIL_SMTP_PORT.name(),
        Integer.toString(port),
        // One mail per fault, however many fire in one micro-batch of an overloaded job: a digest
        // would hide from the timing which machines it names.
        JobConfig.MAIL_DIGEST_ABOVE.name(),
        Integer.toString(Integer.MAX_VALUE));
  }

  private void poll() {
    while (running) {
      MimeMessage[] received = smtp.getReceivedMessages();
      // After the fetch: a mail's arrival is never stamped earlier than it happened.
      long now = System.currentTimeMillis();
      for (MimeMessage m : received) {
        try {
          Matcher matcher = FIRING.matcher(String.valueOf(m.getSubject()));
          if (matcher.find()) {
            firstMailAt.putIfAbsent(matcher.group(1), now);
          }
        } catch (MessagingException e) {
          // a mail without a readable subject is not one of ours
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Milliseconds from each fault's first reading to its machine's first FIRING mail, for the faults
   * of {@code faultStarts} (machine → stamp) whose mail arrived; {@code missing} gets the others.
   */
  public List<Double> latenciesMs(Map<String, Long> faultStarts, List<String> missing) {
    List<Double> out = new ArrayList<>();
    faultStarts.forEach(
        (machine, stamp) -> {
          Long at = firstMailAt.get(machine);
          if (at == null) {
            missing.add(machine);
          } else {
            out.add((double) (at - stamp));
          }
        });
    return out;
  }

  /** Waits until every machine of {@code machines} has its mail, or {@code timeoutMs} passed. */
  public void await(Iterable<String> machines, long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    for (String m : machines) {
      while (!firstMailAt.containsKey(m) && System.currentTimeMillis() < end) {
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    smtp.stop();
  }
}
