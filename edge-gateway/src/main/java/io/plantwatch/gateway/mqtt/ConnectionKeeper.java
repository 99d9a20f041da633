package io.plantwatch.gateway.mqtt;

import io.plantwatch.gateway.failure.Backoff;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.failure.FailureClassifier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one broker connection up: connects at start and after every loss, with bounded, jittered
 * exponential backoff, on its own thread so MQTT callback threads never block on reconnects.
 * Connecting is retried without limit whatever the failure: an outage of any length must not stop
 * the gateway, and credentials and ACLs are often fixed on the broker while it runs. Failures that
 * need someone ({@link Failure#needsOperator()}) are logged as errors.
 */
public final class ConnectionKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionKeeper.class);

  /** One connection attempt: connect and subscribe, or throw. */
  public interface Attempt {
    void connect() throws Exception;
  }

  private final String name;
  private final Attempt attempt;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private volatile boolean running = true;
  private boolean scheduled;
  private volatile String lastError;

  public ConnectionKeeper(String name, Attempt attempt, Backoff backoff) {
    this.name = name;
    this.attempt = attempt;
    this.backoff = backoff;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reconnect-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    schedule(0);
  }

  /** Called when the connection dropped; schedules a reconnect. */
  public void connectionLost(Throwable cause) {
    if (running) {
      log.warn(
          "{}: connection lost ({}), reconnecting",
          name,
          cause == null ? "no reason given" : FailureClassifier.classify(cause).message());
      schedule(backoff.nextDelayMillis());
    }
  }

  private synchronized void schedule(long delayMillis) {
    if (!running || scheduled) {
      return;
    }
    scheduled = true;
    scheduler.schedule(this::tryOnce, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void tryOnce() {
    synchronized (this) {
      scheduled = false;
    }
    if (!running) {
      return;
    }
    try {
      attempt.connect();
      backoff.reset();
      lastError = null;
      log.info("{}: connected", name);
    } catch (Exception e) {
      Failure why = FailureClassifier.classify(e);
      lastError = why.message();
      long delay = backoff.nextDelayMillis();
      if (why.needsOperator()) {
        log.error(
            "{}: {}; check the configuration. Next attempt in {} ms", name, why.message(), delay);
      } else {
        log.warn("{}: connect failed ({}), next attempt in {} ms", name, why.message(), delay);
      }
      schedule(delay);
    }
  }

  /** Why the last attempt failed, or null after a success. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    scheduler.shutdownNow();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
  }
}
