package io.plantwatch.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on a free loopback port. Messages received before a {@link
 * #stop()} are kept, so a test of an SMTP outage sees every message that ever arrived.
 */
public final class SmtpServer extends ServerExtension {
  private final List<MimeMessage> earlier = new ArrayList<>();
  private int port;
  private GreenMail mail;

  @Override
  protected void doStart() throws Exception {
    if (port == 0) {
      port = FreePorts.next();
    }
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    FreePorts.awaitListening(port, Duration.ofSeconds(10), "GreenMail SMTP");
  }

  @Override
  protected void doStop() {
    synchronized (earlier) {
      earlier.addAll(List.of(mail.getReceivedMessages()));
    }
    mail.stop();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** Every message received so far, across restarts, in arrival order. */
  public List<MimeMessage> messages() {
    List<MimeMessage> all;
    synchronized (earlier) {
      all = new ArrayList<>(earlier);
    }
    if (isRunning()) {
      all.addAll(List.of(mail.getReceivedMessages()));
    }
    return all;
  }

  /** Waits until at least {@code count} messages arrived; returns them all. */
  public List<MimeMessage> awaitMessages(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<MimeMessage> all = messages();
    while (all.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected " + count + " mails within " + timeout + ", got " + all.size());
      }
      Thread.sleep(50);
      all = messages();
    }
    return all;
  }
}
