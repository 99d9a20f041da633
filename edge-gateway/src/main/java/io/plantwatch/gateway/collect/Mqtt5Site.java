package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.Secret;
import io.plantwatch.gateway.failure.BrokerRefusal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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

/** The site connection's MQTT 5 calls: session expiry, receive maximum, subscription ids. */
final class Mqtt5Site implements SiteProtocol, MqttCallback {
  private static final Logger log = LoggerFactory.getLogger(Mqtt5Site.class);

  private final MqttAsyncClient client;
  private final Events events;
  // MQTT 5 says identifiers are available unless the broker's CONNACK says otherwise.
  private volatile boolean subscriptionIds = true;

  Mqtt5Site(GatewayConfig.Broker broker, Events events) {
    this.events = events;
    try {
      client = new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("site.broker: " + e.getMessage(), e);
    }
    client.setManualAcks(true);
    client.setCallback(this);
  }

  @Override
  public String name() {
    return "MQTT 5";
  }

  @Override
  public void connect(GatewayConfig.Site site, Secret password, SocketFactory sockets)
      throws Exception {
    GatewayConfig.Broker b = site.broker();
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(b.sessionExpiry().toSeconds());
    o.setKeepAliveInterval((int) b.keepAlive().toSeconds());
    o.setReceiveMaximum(site.receiveMaximum());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(b.connectTimeoutSeconds());
    if (!b.username().isEmpty()) {
      o.setUserName(b.username());
      o.setPassword(password.reveal().getBytes(StandardCharsets.UTF_8));
    }
    o.setSocketFactory(sockets);
    IMqttToken connected = client.connect(o);
    connected.waitForCompletion(b.tokenWaitMillis());
    MqttProperties granted = connected.getResponseProperties();
    subscriptionIds = granted == null || granted.isSubscriptionIdentifiersAvailable();
  }

  @Override
  public void subscribe(List<String> filters, long waitMillis) throws Exception {
    for (String filter : filters) {
      // One SUBSCRIBE per filter: a subscription identifier belongs to the whole packet.
      MqttProperties props = new MqttProperties();
      if (subscriptionIds) {
        props.setSubscriptionIdentifier(SiteFilters.subscriptionId(filter));
      }
      IMqttToken t =
          client.subscribe(
              new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null, props);
      t.waitForCompletion(waitMillis);
      int[] codes = t.getReasonCodes();
      if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
        throw new BrokerRefusal("the subscription to '" + filter + "'", codes[0]);
      }
    }
  }

  @Override
  public void acknowledge(int id, int qos) throws Exception {
    client.messageArrivedComplete(id, qos);
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void disconnect(long waitMillis) throws Exception {
    client.disconnect().waitForCompletion(waitMillis);
  }

  @Override
  public void drop(long waitMillis) throws Exception {
    client.disconnectForcibly(0, waitMillis, false);
  }

  @Override
  public void close() throws Exception {
    client.close(true);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    MqttProperties p = message.getProperties();
    events.messageArrived(
        topic,
        message.getPayload(),
        message.getId(),
        message.getQos(),
        p == null ? List.of() : p.getSubscriptionIdentifiers());
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    events.connectionLost(response.getException());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("site broker error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
