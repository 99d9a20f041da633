package io.plantwatch.gateway.forward;

import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.failure.Backoff;
import io.plantwatch.gateway.failure.BrokerRefusal;
import io.plantwatch.gateway.mqtt.ConnectionKeeper;
import io.plantwatch.gateway.mqtt.MqttTls;
import io.plantwatch.telemetry.UplinkReceipt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
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
 * The MQTT 5 connection to the uplink broker. Each connection is a fresh Paho client: what was in
 * flight on a lost connection is resent from the durable queue (the gateway's own session state),
 * never from Paho's memory, so nothing is sent twice by two mechanisms. The broker-side session is
 * persistent (clean start off). A will message marks the gateway offline if the connection dies.
 */
public final class UplinkClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UplinkClient.class);

  private final GatewayConfig.Uplink config;
  private final String gatewayId;
  private final UplinkTopics topics;
  private final Clock clock;
  private final Consumer<Long> onConnected;
  private volatile Consumer<byte[]> onReceipt;
  private final ConnectionKeeper keeper;
  private volatile MqttAsyncClient client;
  private volatile long generation;

  /**
   * @param onConnected called with the new connection's generation after every connect
   */
  public UplinkClient(
      GatewayConfig.Uplink config, String gatewayId, Clock clock, Consumer<Long> onConnected) {
    this.config = config;
    this.gatewayId = gatewayId;
    this.topics = new UplinkTopics(config.topicPrefix(), gatewayId);
    this.clock = clock;
    this.onConnected = onConnected;
    GatewayConfig.Broker b = config.broker();
    this.keeper =
        new ConnectionKeeper(
            "uplink broker " + b.uri(),
            this::connect,
            Backoff.jittered(b.reconnectMinDelay(), b.reconnectMaxDelay()));
  }

  public void start() {
    keeper.start();
  }

  /**
   * Subscribes to the receipts topic from the next connection on (call before {@link #start()});
   * each receipt's payload goes to {@code handler} on the client's callback thread.
   */
  public void onReceipt(Consumer<byte[]> handler) {
    this.onReceipt = handler;
  }

  public UplinkTopics topics() {
    return topics;
  }

  private void connect() throws Exception {
    GatewayConfig.Broker b = config.broker();
    MqttAsyncClient c = new MqttAsyncClient(b.uri(), b.clientId(), new MemoryPersistence());
    long gen = generation + 1;
    c.setCallback(new Callbacks(gen));
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(b.sessionExpiry().toSeconds());
    o.setKeepAliveInterval((int) b.keepAlive().toSeconds());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(b.connectTimeoutSeconds());
    o.setWill(
        topics.status(),
        retained(GatewayStatus.offline(gatewayId, clock.millis(), "connection lost")));
    if (!b.username().isEmpty()) {
      o.setUserName(b.username());
      o.setPassword(ConfigLoader.password(b).reveal().getBytes(StandardCharsets.UTF_8));
    }
    o.setSocketFactory(MqttTls.socketFactory("uplink.broker", b));
    try {
      c.connect(o).waitForCompletion(b.tokenWaitMillis());
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    if (onReceipt != null) {
      // Before anything is published on this connection, so no receipt can be missed; the
      // persistent session keeps the subscription, subscribing again is harmless.
      try {
        IMqttToken sub = c.subscribe(new MqttSubscription(topics.receipts(), 1));
        sub.waitForCompletion(b.tokenWaitMillis());
        int[] codes = sub.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
          throw new BrokerRefusal(
              "the subscription to the receipts topic '" + topics.receipts() + "'", codes[0]);
        }
      } catch (MqttException | BrokerRefusal e) {
        closeQuietly(c);
        throw e;
      }
    }
    MqttAsyncClient old = client;
    client = c;
    generation = gen;
    if (old != null) {
      closeQuietly(old);
    }
    log.info("uplink connected to {} as {}", b.uri(), b.clientId());
    onConnected.accept(gen);
  }

  public boolean isConnected() {
    MqttAsyncClient c = client;
    return c != null && c.isConnected();
  }

  public long generation() {
    return generation;
  }

  public String lastError() {
    return keeper.lastError();
  }

  /** Publishes with QoS 1; the listener learns of the broker's PUBACK or of a failure. */
  public void publish(String topic, byte[] payload, boolean retained, MqttActionListener listener)
      throws MqttException {
    publish(topic, payload, retained, null, listener);
  }

  /**
   * Publishes with QoS 1 and, when {@code receipt} is given, asks for it: the receipts topic as the
   * MQTT 5 response topic, the receipt as correlation data (contract 3b).
   */
  public void publish(
      String topic,
      byte[] payload,
      boolean retained,
      UplinkReceipt receipt,
      MqttActionListener listener)
      throws MqttException {
    MqttAsyncClient c = client;
    if (c == null) {
      throw new MqttException(
          org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
    }
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(retained);
    if (receipt != null) {
      MqttProperties p = new MqttProperties();
      p.setResponseTopic(topics.receipts());
      p.setCorrelationData(receipt.toBytes());
      m.setProperties(p);
    }
    c.publish(topic, m, null, listener);
  }

  /** Best effort: used for heartbeats, which the next one replaces. */
  public void publishStatus(byte[] status) {
    try {
      if (isConnected()) {
        publish(topics.status(), status, true, null);
      }
    } catch (MqttException e) {
      log.debug("status not published: {}", e.getMessage());
    }
  }

  private static MqttMessage retained(byte[] payload) {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(true);
    return m;
  }

  /** Marks the gateway offline (retained) and disconnects cleanly, so no will is sent. */
  @Override
  public void close() throws Exception {
    keeper.close();
    MqttAsyncClient c = client;
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        IMqttToken t =
            c.publish(
                topics.status(),
                retained(GatewayStatus.offline(gatewayId, clock.millis(), "shutdown")));
        t.waitForCompletion(5_000);
        c.disconnect().waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      log.warn("uplink did not take the offline status: {}", e.getMessage());
    } finally {
      c.close(true);
    }
  }

  /**
   * Drops the connection as a killed process would: no offline status, no DISCONNECT, so the broker
   * publishes the will ("offline", connection lost); unacknowledged batches are resent by the next
   * start.
   */
  public void abort() throws InterruptedException {
    keeper.close();
    MqttAsyncClient c = client;
    if (c != null) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(MqttAsyncClient c) {
    try {
      c.disconnectForcibly(0, 100, false);
    } catch (MqttException e) {
      log.debug("closing the previous uplink client: {}", e.getMessage());
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      log.debug("closing the previous uplink client: {}", e.getMessage());
    }
  }

  private final class Callbacks implements MqttCallback {
    private final long gen;

    Callbacks(long gen) {
      this.gen = gen;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (gen == generation) {
        keeper.connectionLost(response.getException());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("uplink error: {}", exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      Consumer<byte[]> handler = onReceipt;
      if (handler != null && topic.equals(topics.receipts())) {
        handler.accept(message.getPayload());
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
