package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.mqtt.Backoff;
import io.plantwatch.gateway.mqtt.ConnectionKeeper;
import io.plantwatch.gateway.mqtt.MqttTls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site broker clients for MQTT 5 and 3.1.1 (Paho's two clients). Both use a persistent session,
 * manual acknowledgements (the PUBACK waits for the disk queue) and subscribe again after every
 * connect, whether or not the broker kept the session: a client that reconnects and then receives
 * nothing is the failure users meet most with other tools.
 */
public final class SiteClients {
  private static final Logger log = LoggerFactory.getLogger(SiteClients.class);

  private SiteClients() {}

  public static SiteClient create(
      GatewayConfig.Site site,
      List<Subscription> subscriptions,
      MessageIntake intake,
      Clock clock) {
    SiteFilters filters =
        new SiteFilters(subscriptions.stream().map(Subscription::filter).toList());
    return "3.1.1".equals(site.protocol())
        ? new V3(site, filters, intake, clock)
        : new V5(site, filters, intake, clock);
  }

  private static Backoff backoff(GatewayConfig.Broker b) {
    return new Backoff(
        b.reconnectMinDelay(),
        b.reconnectMaxDelay(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** One call on a Paho client that may fail; both Paho clients have their own exception types. */
  @FunctionalInterface
  interface ClientCall {
    void run() throws Exception;
  }

  /** Sends the PUBACK of message {@code id} on one of the two Paho clients. */
  @FunctionalInterface
  interface Acknowledger {
    void complete(int id, int qos) throws Exception;
  }

  /**
   * Hands a message to the intake; its PUBACK ({@code acknowledger}) is sent only when the intake
   * has queued it durably, and only for QoS > 0.
   */
  private static void deliver(
      MessageIntake intake,
      String topic,
      byte[] payload,
      long now,
      int id,
      int qos,
      Acknowledger acknowledger) {
    Runnable ack =
        () -> {
          if (qos > 0) {
            try {
              acknowledger.complete(id, qos);
            } catch (Exception e) {
              log.debug(
                  "PUBACK for message {} not sent ({}); the broker will redeliver it",
                  id,
                  e.getMessage());
            }
          }
        };
    try {
      intake.offer(new SiteMessage(topic, payload, now, ack));
    } catch (InterruptedException e) {
      // Not acknowledged: the broker delivers it again on the next connection.
      Thread.currentThread().interrupt();
    }
  }

  /** Disconnects and closes a Paho client at shutdown; failures there are only logged. */
  private static void closeQuietly(ConnectionKeeper keeper, ClientCall disconnect, ClientCall close)
      throws InterruptedException {
    keeper.close();
    try {
      disconnect.run();
    } catch (Exception e) {
      log.debug("site disconnect: {}", e.getMessage());
    } finally {
      try {
        close.run();
      } catch (Exception e) {
        log.debug("site client close: {}", e.getMessage());
      }
    }
  }

  /** MQTT 5. */
  static final class V5 implements SiteClient, org.eclipse.paho.mqttv5.client.MqttCallback {
    private final GatewayConfig.Site site;
    private final SiteFilters filters;
    private final MessageIntake intake;
    private final Clock clock;
    private final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;
    // Connected means subscribed: a device message published before the SUBACK has no route.
    private volatile boolean subscribed;
    private final ConnectionKeeper keeper;

    V5(GatewayConfig.Site site, SiteFilters filters, MessageIntake intake, Clock clock) {
      this.site = site;
      this.filters = filters;
      this.intake = intake;
      this.clock = clock;
      try {
        this.client =
            new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                site.broker().uri(),
                site.broker().clientId(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
      } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
        throw new IllegalArgumentException("site.broker: " + e.getMessage(), e);
      }
      client.setManualAcks(true);
      client.setCallback(this);
      this.keeper =
          new ConnectionKeeper(
              "site broker " + site.broker().uri(), this::connect, backoff(site.broker()));
    }

    @Override
    public void start() {
      keeper.start();
    }

    private void connect() throws Exception {
      GatewayConfig.Broker b = site.broker();
      org.eclipse.paho.mqttv5.client.MqttConnectionOptions o =
          new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
      o.setCleanStart(false);
      o.setSessionExpiryInterval(b.sessionExpiry().toSeconds());
      o.setKeepAliveInterval((int) b.keepAlive().toSeconds());
      o.setReceiveMaximum(site.receiveMaximum());
      o.setAutomaticReconnect(false);
      o.setConnectionTimeout(10);
      if (!b.username().isEmpty()) {
        o.setUserName(b.username());
        o.setPassword(ConfigLoader.password(b).getBytes(StandardCharsets.UTF_8));
      }
      o.setSocketFactory(MqttTls.socketFactory("site.broker", b));
      subscribed = false;
      org.eclipse.paho.mqttv5.client.IMqttToken connected = client.connect(o);
      connected.waitForCompletion(15_000);
      org.eclipse.paho.mqttv5.common.packet.MqttProperties granted =
          connected.getResponseProperties();
      // MQTT 5 says identifiers are available unless the broker says otherwise.
      boolean withIds = granted == null || granted.isSubscriptionIdentifiersAvailable();
      List<String> list = filters.filters();
      for (int i = 0; i < list.size(); i++) {
        // One SUBSCRIBE per filter: a subscription identifier belongs to the whole packet.
        org.eclipse.paho.mqttv5.common.packet.MqttProperties props =
            new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        if (withIds) {
          props.setSubscriptionIdentifier(SiteFilters.subscriptionId(list.get(i)));
        }
        org.eclipse.paho.mqttv5.client.IMqttToken t =
            client.subscribe(
                new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                  new org.eclipse.paho.mqttv5.common.MqttSubscription(list.get(i), 1)
                },
                null,
                null,
                props);
        t.waitForCompletion(15_000);
        int[] codes = t.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
          throw new IllegalStateException(
              "subscription to '" + list.get(i) + "' refused, reason code " + codes[0]);
        }
      }
      subscribed = true;
      log.info("subscribed on the site broker to {}", list);
    }

    @Override
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
      if (isOverlapCopy(topic, message)) {
        try {
          client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
          log.debug("PUBACK of an overlapping subscription's copy not sent: {}", e.getMessage());
        }
        return;
      }
      deliver(
          intake,
          topic,
          message.getPayload(),
          clock.millis(),
          message.getId(),
          message.getQos(),
          client::messageArrivedComplete);
    }

    /**
     * Whether this delivery is the copy a broker sends for a second, partly overlapping filter: the
     * gateway keeps the one that came through the first filter matching the topic.
     */
    private boolean isOverlapCopy(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
      return m.getProperties() != null
          && filters.isExtraCopy(topic, m.getProperties().getSubscriptionIdentifiers());
    }

    @Override
    public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
      keeper.connectionLost(response.getException());
    }

    @Override
    public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
      log.warn("site broker error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(
        int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}

    @Override
    public boolean isConnected() {
      return subscribed && client.isConnected();
    }

    @Override
    public String lastError() {
      return keeper.lastError();
    }

    @Override
    public void close() throws Exception {
      closeQuietly(
          keeper,
          () -> {
            if (client.isConnected()) {
              client.disconnect().waitForCompletion(5_000);
            } else {
              client.disconnectForcibly(0, 1_000, false);
            }
          },
          () -> client.close(true));
    }

    @Override
    public void abort() throws Exception {
      closeQuietly(
          keeper, () -> client.disconnectForcibly(0, 100, false), () -> client.close(true));
    }
  }

  /** MQTT 3.1.1. */
  static final class V3 implements SiteClient, org.eclipse.paho.client.mqttv3.MqttCallbackExtended {
    private final GatewayConfig.Site site;
    private final SiteFilters filters;
    private final MessageIntake intake;
    private final Clock clock;
    private final org.eclipse.paho.client.mqttv3.MqttAsyncClient client;
    private volatile boolean subscribed;
    private final ConnectionKeeper keeper;

    V3(GatewayConfig.Site site, SiteFilters filters, MessageIntake intake, Clock clock) {
      this.site = site;
      this.filters = filters;
      this.intake = intake;
      this.clock = clock;
      try {
        this.client =
            new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                site.broker().uri(),
                site.broker().clientId(),
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
      } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
        throw new IllegalArgumentException("site.broker: " + e.getMessage(), e);
      }
      client.setManualAcks(true);
      client.setCallback(this);
      this.keeper =
          new ConnectionKeeper(
              "site broker " + site.broker().uri(), this::connect, backoff(site.broker()));
    }

    @Override
    public void start() {
      keeper.start();
    }

    private void connect() throws Exception {
      GatewayConfig.Broker b = site.broker();
      org.eclipse.paho.client.mqttv3.MqttConnectOptions o =
          new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
      o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
      o.setCleanSession(false);
      o.setKeepAliveInterval((int) b.keepAlive().toSeconds());
      o.setMaxInflight(site.receiveMaximum());
      o.setAutomaticReconnect(false);
      o.setConnectionTimeout(10);
      if (!b.username().isEmpty()) {
        o.setUserName(b.username());
        o.setPassword(ConfigLoader.password(b).toCharArray());
      }
      o.setSocketFactory(MqttTls.socketFactory("site.broker", b));
      subscribed = false;
      client.connect(o).waitForCompletion(15_000);
      String[] list = filters.filters().toArray(String[]::new);
      int[] qos = new int[list.length];
      java.util.Arrays.fill(qos, 1);
      org.eclipse.paho.client.mqttv3.IMqttToken t = client.subscribe(list, qos);
      t.waitForCompletion(15_000);
      for (int granted : t.getGrantedQos()) {
        if (granted == 0x80) {
          throw new IllegalStateException(
              "a subscription was refused by the site broker: " + List.of(list));
        }
      }
      subscribed = true;
      log.info("subscribed on the site broker (MQTT 3.1.1) to {}", List.of(list));
    }

    @Override
    public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
      deliver(
          intake,
          topic,
          message.getPayload(),
          clock.millis(),
          message.getId(),
          message.getQos(),
          client::messageArrivedComplete);
    }

    @Override
    public void connectionLost(Throwable cause) {
      keeper.connectionLost(cause);
    }

    @Override
    public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public boolean isConnected() {
      return subscribed && client.isConnected();
    }

    @Override
    public String lastError() {
      return keeper.lastError();
    }

    @Override
    public void close() throws Exception {
      closeQuietly(
          keeper,
          () -> {
            if (client.isConnected()) {
              client.disconnect().waitForCompletion(5_000);
            } else {
              client.disconnectForcibly(0, 1_000);
            }
          },
          () -> client.close(true));
    }

    @Override
    public void abort() throws Exception {
      closeQuietly(
          keeper, () -> client.disconnectForcibly(0, 100, false), () -> client.close(true));
    }
  }
}
