package io.plantwatch.analytics.alerts.mail;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the outbox in the background, so mails left waiting by an SMTP outage go out when the
 * server is back even if no new alert comes; one daemon thread, stopped by {@link #close()}.
 */
public final class OutboxDrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDrainer.class);
  private final ScheduledExecutorService timer;

  public OutboxDrainer(MailDispatcher dispatcher, Duration every) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantwatch-mail-outbox");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            dispatcher.deliverPending();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            LOG.warn("mail outbox retry failed: {}", e.toString());
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
