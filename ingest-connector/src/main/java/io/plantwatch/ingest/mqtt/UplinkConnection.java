package io.plantwatch.ingest.mqtt;

import io.plantwatch.telemetry.MqttTopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.utils.Time;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection: a fresh Paho client per connection, so that an acknowledgement always goes
 * back on the connection its message came in on. Packet ids are only unique within a connection; an
 * ack from an earlier connection sent on a later one could release a different, not yet written
 * message.
 */
final class UplinkConnection implements MqttCallback, Arrival.Acknowledger, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UplinkConnection.class);
  private static final long DISCONNECT_QUIESCE_MS = 500;
  private static final int MAX_CORRELATION_BYTES = 4096;
  // Receipts waiting for room in the broker's receive maximum; beyond this the gateway's own
  // timeout and resend cover them, so memory stays bounded whatever the broker does.
  private static final int MAX_RECEIPT_BACKLOG = 10_000;

  private final MqttAsyncClient client;
  private final Handoff handoff;
  private final SessionCounters counters;
  private final Time time;
  private final boolean manualAcks;
  private final List<String> receiptTopics;
  private final Queue<Receipt> receiptBacklog = new ConcurrentLinkedQueue<>();
  private final long startedMs;
  private volatile State state = State.CONNECTING;
  private volatile Throwable lossCause;
  private volatile boolean sessionPresent;

  /** Where a connection is in its life; it never goes back. */
  enum State {
    CONNECTING,
    SUBSCRIBED,
    ENDED
  }

  private UplinkConnection(
      MqttAsyncClient client,
      Handoff handoff,
      SessionCounters counters,
      Time time,
      boolean manualAcks,
      List<String> receiptTopics) {
    this.receiptTopics = List.copyOf(receiptTopics);
    this.client = client;
    this.handoff = handoff;
    this.counters = counters;
    this.time = time;
    this.manualAcks = manualAcks;
    this.startedMs = time.milliseconds();
  }

  /**
   * Starts connecting and subscribing; the returned connection reports progress in {@link
   * #state()}. Throws only when the attempt cannot even start, leaving nothing open.
   */
  static UplinkConnection open(
      SessionSettings settings,
      MqttSubscription[] subscriptions,
      Handoff handoff,
      SessionCounters counters,
      Time time)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(settings.brokerUri(), settings.clientId(), new MemoryPersistence());
    UplinkConnection connection =
        new UplinkConnection(
            client,
            handoff,
            counters,
            time,
            settings.acknowledgeAfterKafka(),
            settings.receiptFilters());
    try {
      client.setManualAcks(settings.acknowledgeAfterKafka());
      client.setCallback(connection);
      client.connect(options(settings), null, connection.new Subscribing(subscriptions));
      return connection;
    } catch (MqttException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** After CONNACK, subscribes; after SUBACK, checks every filter was granted. */
  private final class Subscribing implements MqttActionListener {
    private final MqttSubscription[] subscriptions;

    Subscribing(MqttSubscription[] subscriptions) {
      this.subscriptions = subscriptions;
    }

    @Override
    public void onSuccess(IMqttToken connected) {
      sessionPresent = connected.getSessionPresent();
      try {
        client.subscribe(
            subscriptions,
            null,
            new MqttActionListener() {
              @Override
              public void onSuccess(IMqttToken subscribed) {
                for (int code : subscribed.getReasonCodes()) {
                  if (code >= 0x80) {
                    end(new MqttException(code));
                    return;
                  }
                }
                subscribed();
              }

              @Override
              public void onFailure(IMqttToken token, Throwable failure) {
                end(failure);
              }
            },
            new MqttProperties());
      } catch (MqttException e) {
        end(e);
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      end(failure);
    }
  }

  private synchronized void subscribed() {
    if (state == State.CONNECTING) {
      state = State.SUBSCRIBED;
    }
  }

  /** Records why the connection ended; the first reason wins and the state never goes back. */
  void end(Throwable cause) {
    synchronized (this) {
      if (state == State.ENDED) {
        return;
      }
      lossCause = cause;
      state = State.ENDED;
    }
    counters.disconnected();
  }

  static MqttConnectionOptions options(SessionSettings settings) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setServerURIs(new String[] {settings.brokerUri()});
    // A persistent session: the broker keeps the subscription and queues messages while the task
    // is away, and redelivers those it sent but never got an acknowledgement for.
    o.setCleanStart(false);
    o.setSessionExpiryInterval(settings.sessionExpirySeconds());
    o.setReceiveMaximum(settings.receiveMaximum());
    o.setKeepAliveInterval(settings.keepAliveSeconds());
    o.setConnectionTimeout(Math.max(1, (settings.connectTimeoutMs() + 999) / 1000));
    // Reconnection is the task's job, with its own bounded backoff and a fresh client each time.
    o.setAutomaticReconnect(false);
    if (!settings.username().isEmpty()) {
      o.setUserName(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(settings.password().value().getBytes(StandardCharsets.UTF_8));
    }
    String scheme = settings.brokerUri().substring(0, settings.brokerUri().indexOf(':'));
    if (scheme.equals("ssl") || scheme.equals("wss")) {
      TlsSettings tls = settings.tls();
      if (!tls.usesJvmDefaults()) {
        o.setSocketFactory(tls.socketFactory());
      }
      o.setHttpsHostnameVerificationEnabled(tls.hostnameVerification());
    }
    return o;
  }

  State state() {
    return state;
  }

  /** When the attempt started, on the task's clock. */
  long startedMs() {
    return startedMs;
  }

  /** Why the connection ended, once it has; null while alive. */
  Throwable lossCause() {
    return lossCause;
  }

  boolean sessionPresent() {
    return sessionPresent;
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    // Runs on Paho's callback thread: anything thrown here would make Paho drop the connection.
    counters.received(message.isDuplicate());
    MqttProperties props = message.getProperties();
    Arrival arrival =
        new Arrival(
            topic,
            message.getPayload(),
            message.getId(),
            message.getQos(),
            message.isDuplicate(),
            time.milliseconds(),
            this,
            props == null ? null : props.getResponseTopic(),
            props == null ? null : props.getCorrelationData());
    if (!handoff.put(arrival)) {
      log.debug(
          "message {} on {} not queued: the task is stopping; the broker will redeliver it",
          message.getId(),
          topic);
    }
  }

  @Override
  public boolean acknowledge(Arrival arrival) {
    if (!manualAcks || arrival.qos() == 0) {
      return true;
    }
    if (state == State.ENDED) {
      return false;
    }
    try {
      client.messageArrivedComplete(arrival.messageId(), arrival.qos());
      return true;
    } catch (MqttException e) {
      // Counted as abandoned; the broker still holds the message and will deliver it again.
      log.debug("ack of message {} not sent: {}", arrival.messageId(), e.toString());
      return false;
    }
  }

  /**
   * Publishes the receipt (contract 3b) on this connection: to the arrival's response topic, with
   * its correlation data as payload and as correlation data, QoS 1. Refused for a response topic
   * outside {@code mqtt.receipts.topics}, so a sender cannot make the connector publish anywhere.
   */
  @Override
  public boolean sendReceipt(Arrival arrival) {
    String topic = arrival.responseTopic();
    if (!MqttTopicFilter.matchesAny(receiptTopics, topic)
        || !TopicFilters.sameParent(topic, arrival.topic())) {
      // A sender may only ask for receipts beside its own topic: otherwise one gateway could make
      // the connector confirm, and another gateway delete, readings that are not in Kafka.
      log.warn(
          "no receipt for a message on {}: its response topic {} is not in mqtt.receipts.topics"
              + " or not beside the message's own topic",
          arrival.topic(),
          topic);
      return false;
    }
    byte[] correlation =
        arrival.correlationData() == null ? new byte[0] : arrival.correlationData();
    if (correlation.length > MAX_CORRELATION_BYTES) {
      log.warn(
          "no receipt for a message on {}: its correlation data has {} bytes (at most {})",
          arrival.topic(),
          correlation.length,
          MAX_CORRELATION_BYTES);
      return false;
    }
    if (state == State.ENDED) {
      return false;
    }
    MqttMessage receipt = new MqttMessage(correlation);
    receipt.setQos(1);
    MqttProperties p = new MqttProperties();
    p.setCorrelationData(correlation);
    receipt.setProperties(p);
    synchronized (receiptBacklog) {
      if (receiptBacklog.isEmpty()) {
        Outcome o = publishReceipt(topic, receipt);
        if (o != Outcome.WINDOW_FULL) {
          return o == Outcome.SENT;
        }
      }
      if (state == State.ENDED || receiptBacklog.size() >= MAX_RECEIPT_BACKLOG) {
        return false;
      }
      // The broker's receive maximum is full: send when one of our receipts is acknowledged,
      // never by waiting here (this is the Kafka producer's callback thread).
      receiptBacklog.add(new Receipt(topic, receipt));
      return true;
    }
  }

  private record Receipt(String topic, MqttMessage message) {}

  private enum Outcome {
    SENT,
    WINDOW_FULL,
    FAILED
  }

  private Outcome publishReceipt(String topic, MqttMessage receipt) {
    try {
      client.publish(topic, receipt);
      return Outcome.SENT;
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        return Outcome.WINDOW_FULL;
      }
      log.debug("receipt to {} not sent: {}", topic, e.toString());
      return Outcome.FAILED;
    } catch (RuntimeException e) {
      log.warn("receipt to {} not sent: {}", topic, e.toString());
      return Outcome.FAILED;
    }
  }

  private void drainReceipts() {
    synchronized (receiptBacklog) {
      while (!receiptBacklog.isEmpty() && state != State.ENDED) {
        Receipt next = receiptBacklog.peek();
        if (publishReceipt(next.topic(), next.message()) == Outcome.WINDOW_FULL) {
          return;
        }
        receiptBacklog.poll(); // sent, or failed for good: the gateway resends after its timeout
      }
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    MqttException cause =
        response.getException() != null
            ? response.getException()
            : new MqttException(response.getReturnCode());
    end(cause);
    log.warn(
        "MQTT connection {} ended: {}{}",
        client.getClientId(),
        cause,
        response.getReasonString() == null ? "" : " (" + response.getReasonString() + ")");
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("MQTT client {} reports an error: {}", client.getClientId(), exception.toString());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {
    // A receipt was acknowledged: room for one waiting. A receipt that is lost for good only
    // makes the gateway send its message again.
    drainReceipts();
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    // Progress is tracked by the action listeners of connect and subscribe.
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {
    log.warn(
        "unexpected MQTT AUTH packet, reason {}; enhanced authentication is not supported",
        reasonCode);
  }

  /**
   * Disconnects cleanly when possible (the broker keeps the session either way) and frees the
   * client's threads. Messages not yet acknowledged stay with the broker.
   */
  @Override
  public void close() {
    end(new MqttException(MqttClientException.REASON_CODE_CLIENT_CLOSED));
    try {
      if (client.isConnected()) {
        client.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(2 * DISCONNECT_QUIESCE_MS);
      }
    } catch (MqttException e) {
      log.info("clean MQTT disconnect of {} failed, closing anyway: {}", client.getClientId(), e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.warn("closing MQTT client {} failed", client.getClientId(), e);
    }
  }

  @Override
  public String toString() {
    return client.getClientId() + "@" + client.getServerURI();
  }
}
