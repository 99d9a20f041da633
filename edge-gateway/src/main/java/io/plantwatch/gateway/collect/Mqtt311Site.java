package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.Secret;
import io.plantwatch.gateway.failure.BrokerRefusal;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The site connection's MQTT 3.1.1 calls, for older site brokers: no identifiers, no expiry. */
final class Mqtt311Site implements SiteProtocol, MqttCallbackExtended {
  private static final int SUBSCRIPTION_FAILED = 0x80;

  private final MqttAsyncClient client;
  private final Events events;

  Mqtt311Site(GatewayConfig.Broker broker, Events events) {
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
    return "MQTT 3.1.1";
  }

  @Override
  public void connect(GatewayConfig.Site site, Secret password, SocketFactory sockets)
      throws Exception {
    GatewayConfig.Broker b = site.broker();
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(false);
    o.setKeepAliveInterval((int) b.keepAlive().toSeconds());
    o.setMaxInflight(site.receiveMaximum());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(b.connectTimeoutSeconds());
    if (!b.username().isEmpty()) {
      o.setUserName(b.username());
      o.setPassword(password.reveal().toCharArray());
    }
    o.setSocketFactory(sockets);
    client.connect(o).waitForCompletion(b.tokenWaitMillis());
  }

  @Override
  public void subscribe(List<String> filters, long waitMillis) throws Exception {
    String[] list = filters.toArray(String[]::new);
    int[] qos = new int[list.length];
    Arrays.fill(qos, 1);
    IMqttToken t = client.subscribe(list, qos);
    t.waitForCompletion(waitMillis);
    for (int granted : t.getGrantedQos()) {
      if (granted == SUBSCRIPTION_FAILED) {
        throw new BrokerRefusal("a subscription of " + filters, granted);
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
    events.messageArrived(
        topic, message.getPayload(), message.getId(), message.getQos(), List.of());
  }

  @Override
  public void connectionLost(Throwable cause) {
    events.connectionLost(cause);
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {}
}
