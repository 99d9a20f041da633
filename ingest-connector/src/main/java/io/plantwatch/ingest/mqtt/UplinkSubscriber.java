package io.plantwatch.ingest.mqtt;

import java.util.stream.Stream;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a task subscribed: connects at start, reconnects with bounded backoff after the broker goes
 * away, and fails the task with a clear message when the failure cannot heal by itself. It is
 * driven from {@code poll()}, so connecting never races with the task's own work. What a task
 * subscribes to is decided here too ({@link #subscriptions}).
 */
public final class UplinkSubscriber implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UplinkSubscriber.class);
  private static final long CHECK_WHILE_CONNECTING_MS = 50;

  /** Opens one connection; a seam for tests. */
  interface ConnectionOpener {
    UplinkConnection open() throws MqttException;
  }

  private final String brokerUri;
  private final String clientId;
  private final ConnectionOpener opener;
  private final SessionCounters counters;
  private final Time time;
  private final ReconnectBackoff backoff;
  private final long connectTimeoutMs;
  private UplinkConnection connection;
  private boolean announced;
  private boolean everConnected;
  private boolean closed;

  public UplinkSubscriber(
      SessionSettings settings, Handoff handoff, SessionCounters counters, Time time) {
    this(
        settings.brokerUri(),
        settings.clientId(),
        settings.connectTimeoutMs(),
        () -> UplinkConnection.open(settings, subscriptions(settings), handoff, counters, time),
        counters,
        time,
        new ReconnectBackoff(
            settings.reconnectBackoffInitialMs(), settings.reconnectBackoffMaxMs()));
  }

  UplinkSubscriber(
      String brokerUri,
      String clientId,
      long connectTimeoutMs,
      ConnectionOpener opener,
      SessionCounters counters,
      Time time,
      ReconnectBackoff backoff) {
    this.brokerUri = brokerUri;
    this.clientId = clientId;
    this.connectTimeoutMs = connectTimeoutMs;
    this.opener = opener;
    this.counters = counters;
    this.time = time;
    this.backoff = backoff;
  }

  /**
   * Moves the connection along: starts an attempt when one is due, notices when it has subscribed,
   * times it out, or handles its end. Never waits for the broker. Throws {@link ConnectException}
   * for failures retrying cannot fix (bad credentials, not authorised, TLS misconfiguration).
   */
  public synchronized void maintain() {
    if (closed) {
      return;
    }
    long now = time.milliseconds();
    if (connection != null) {
      switch (connection.state()) {
        case SUBSCRIBED -> {
          if (!announced) {
            announce();
          }
          return;
        }
        case CONNECTING -> {
          if (now - connection.startedMs() < connectTimeoutMs) {
            return;
          }
          connection.end(new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT));
        }
        case ENDED -> {
          // handled below
        }
      }
      ended(now);
    }
    if (connection == null && backoff.due(now)) {
      try {
        connection = opener.open();
        announced = false;
      } catch (MqttException | RuntimeException e) {
        failed(e, now);
      }
    }
  }

  private void announce() {
    announced = true;
    backoff.succeeded();
    counters.connected(everConnected);
    if (everConnected && !connection.sessionPresent()) {
      // The broker lost or expired the session: what was queued for it during the outage is gone.
      log.warn(
          "reconnected to {} as {} but the broker had no session for it: messages published"
              + " while disconnected may be lost (check mqtt.session.expiry.s and broker"
              + " persistence)",
          brokerUri,
          clientId);
    } else {
      log.info(
          "{} to {} as {} (session present: {})",
          everConnected ? "reconnected" : "connected",
          brokerUri,
          clientId,
          connection.sessionPresent());
    }
    everConnected = true;
  }

  private void ended(long now) {
    Throwable cause = connection.lossCause();
    boolean wasSubscribed = announced;
    connection.close();
    connection = null;
    announced = false;
    if (!wasSubscribed) {
      failed(cause, now);
      return;
    }
    MqttErrorClassifier.Verdict verdict = MqttErrorClassifier.classify(cause);
    if (!verdict.retriable()) {
      throw new ConnectException(
          "MQTT connection to "
              + brokerUri
              + " as "
              + clientId
              + " ended: "
              + verdict.explanation(),
          cause);
    }
    backoff.lost(now);
    log.warn(
        "lost the connection to {} as {} ({}); reconnecting in {} ms",
        brokerUri,
        clientId,
        verdict.explanation(),
        backoff.remainingMs(now));
  }

  private void failed(Throwable cause, long now) {
    MqttErrorClassifier.Verdict verdict = MqttErrorClassifier.classify(cause);
    if (!verdict.retriable()) {
      throw new ConnectException(
          "cannot connect to " + brokerUri + " as " + clientId + ": " + verdict.explanation(),
          cause);
    }
    long wait = backoff.failed(now);
    log.warn(
        "cannot connect to {} as {} (attempt {}): {}; next attempt in {} ms",
        brokerUri,
        clientId,
        backoff.failures(),
        verdict.explanation(),
        wait);
  }

  /** How long {@code poll()} may wait before {@link #maintain()} has work again. */
  public synchronized long msUntilNextAttempt() {
    if (connection == null) {
      return backoff.remainingMs(time.milliseconds());
    }
    return connection.state() == UplinkConnection.State.SUBSCRIBED && announced
        ? Long.MAX_VALUE
        : CHECK_WHILE_CONNECTING_MS;
  }

  /**
   * The readings and quarantine filters, shared among the tasks; on the task that forwards
   * statuses, also the status filters, never shared: MQTT 5 brokers do not send retained messages
   * to shared subscriptions, and a non-shared subscription on every task would forward each status
   * once per task.
   */
  public static MqttSubscription[] subscriptions(SessionSettings settings) {
    String group = settings.sharedGroup();
    Stream<String> readings =
        Stream.concat(settings.readingFilters().stream(), settings.quarantineFilters().stream())
            .map(f -> group.isEmpty() ? f : "$share/" + group + "/" + f);
    Stream<String> statuses =
        settings.forwardsStatuses() ? settings.statusFilters().stream() : Stream.empty();
    return Stream.concat(readings, statuses)
        .map(f -> new MqttSubscription(f, settings.qos()))
        .toArray(MqttSubscription[]::new);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
