package io.plantwatch.ingest;

import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a task subscribed: connects at start, reconnects with bounded backoff after the broker goes
 * away, and fails the task with a clear message when the failure cannot heal by itself. It is
 * driven from {@code poll()}, so connecting never races with the task's own work.
 */
final class UplinkSubscriber implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UplinkSubscriber.class);

  /** Opens one connection; a seam for tests. */
  interface Connector {
    UplinkConnection open() throws MqttException;
  }

  private final String brokerUri;
  private final String clientId;
  private final Connector connector;
  private final IngestMetrics metrics;
  private final Time time;
  private final ReconnectBackoff backoff;
  private UplinkConnection connection;
  private boolean everConnected;
  private boolean closed;

  UplinkSubscriber(MqttSourceConfig config, Handoff handoff, IngestMetrics metrics, Time time) {
    this(
        config.brokerUri(),
        config.clientId(),
        () -> UplinkConnection.open(config, handoff, metrics, time),
        metrics,
        time,
        new ReconnectBackoff(config.reconnectBackoffInitialMs(), config.reconnectBackoffMaxMs()));
  }

  UplinkSubscriber(
      String brokerUri,
      String clientId,
      Connector connector,
      IngestMetrics metrics,
      Time time,
      ReconnectBackoff backoff) {
    this.brokerUri = brokerUri;
    this.clientId = clientId;
    this.connector = connector;
    this.metrics = metrics;
    this.time = time;
    this.backoff = backoff;
  }

  /**
   * Connects or reconnects if that is due. Throws {@link ConnectException} for failures retrying
   * cannot fix (bad credentials, not authorised, TLS misconfiguration).
   */
  synchronized void maintain() {
    if (closed || (connection != null && connection.alive())) {
      return;
    }
    long now = time.milliseconds();
    if (connection != null) {
      Throwable cause = connection.lossCause();
      connection.close();
      connection = null;
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
      return;
    }
    if (!backoff.due(now)) {
      return;
    }
    try {
      connection = connector.open();
    } catch (MqttException | RuntimeException e) {
      MqttErrorClassifier.Verdict verdict = MqttErrorClassifier.classify(e);
      if (!verdict.retriable()) {
        throw new ConnectException(
            "cannot connect to " + brokerUri + " as " + clientId + ": " + verdict.explanation(), e);
      }
      long wait = backoff.failed(time.milliseconds());
      log.warn(
          "cannot connect to {} as {} (attempt {}): {}; next attempt in {} ms",
          brokerUri,
          clientId,
          backoff.failures(),
          verdict.explanation(),
          wait);
      return;
    }
    backoff.succeeded();
    metrics.connected(everConnected);
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

  synchronized boolean connected() {
    return connection != null && connection.alive();
  }

  /** How long {@code poll()} may wait before {@link #maintain()} has work again. */
  synchronized long msUntilNextAttempt() {
    return connected() ? Long.MAX_VALUE : backoff.remainingMs(time.milliseconds());
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
