package io.plantwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MosquittoBrokerIT {
  @RegisterExtension static final MosquittoBroker broker = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker secure = MosquittoBroker.withTlsAndPassword();

  @Test
  void deliversPublishedMessages() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    MqttClient sub = client(broker.uri(), "sub");
    // Paho 1.2.5's MqttClient.subscribe(topic, qos, listener) recurses forever: use a callback.
    sub.setCallback(new Callbacks(received, true));
    sub.connect(options(true));
    sub.subscribe("plant/+/+/+/telemetry", 1);
    MqttClient pub = client(broker.uri(), "pub");
    pub.connect(options(true));
    pub.publish("plant/s/l/m 1/telemetry", "71.2".getBytes(StandardCharsets.UTF_8), 1, false);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("plant/s/l/m 1/telemetry 71.2");
    pub.disconnect();
    sub.disconnect();
  }

  @Test
  void persistentSessionKeepsMessagesAcrossABrokerRestart() throws Exception {
    MqttClient sub = client(broker.uri(), "durable-sub");
    MqttConnectionOptions o = options(false);
    sub.connect(o);
    sub.subscribe("durable/#", 1);
    sub.disconnect();

    MqttClient pub = client(broker.uri(), "durable-pub");
    pub.connect(options(true));
    pub.publish("durable/x", "kept".getBytes(StandardCharsets.UTF_8), 1, false);
    pub.disconnect();

    broker.stop();
    broker.start();

    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    MqttClient again = client(broker.uri(), "durable-sub");
    again.setCallback(new Callbacks(received, false));
    again.connect(o);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("kept");
    again.disconnect();
  }

  @Test
  void tlsWithPasswordAcceptsTheRightCredentials() throws Exception {
    MqttClient c = client(secure.uri(), "tls-ok");
    MqttConnectionOptions o = options(true);
    o.setUserName(MosquittoBroker.USER);
    o.setPassword(MosquittoBroker.PASSWORD.getBytes(StandardCharsets.UTF_8));
    o.setSocketFactory(trusting(secure).getSocketFactory());
    c.connect(o);
    assertThat(c.isConnected()).isTrue();
    c.disconnect();
  }

  @Test
  void tlsWithAWrongPasswordIsRefused() throws Exception {
    MqttClient c = client(secure.uri(), "tls-bad");
    MqttConnectionOptions o = options(true);
    o.setUserName(MosquittoBroker.USER);
    o.setPassword("wrong".getBytes(StandardCharsets.UTF_8));
    o.setSocketFactory(trusting(secure).getSocketFactory());
    assertThatThrownBy(() -> c.connect(o))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isIn(134, 135));
  }

  @Test
  void plainClientCannotTalkToTheTlsListener() throws Exception {
    MqttClient c = client(secure.uri().replace("ssl://", "tcp://"), "plain");
    MqttConnectionOptions o = options(true);
    o.setConnectionTimeout(3);
    assertThatThrownBy(() -> c.connect(o)).isInstanceOf(MqttException.class);
  }

  static SSLContext trusting(MosquittoBroker b) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(b.certificates().trustStore())) {
      ts.load(in, TestCertificates.STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static MqttClient client(String uri, String id) throws MqttException {
    return new MqttClient(uri, id, new MemoryPersistence());
  }

  private static MqttConnectionOptions options(boolean cleanStart) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(cleanStart);
    o.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
    o.setConnectionTimeout(10);
    return o;
  }

  private record Callbacks(BlockingQueue<String> received, boolean withTopic)
      implements org.eclipse.paho.mqttv5.client.MqttCallback {
    @Override
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
      String body = new String(message.getPayload(), StandardCharsets.UTF_8);
      received.add(withTopic ? topic + " " + body : body);
    }

    @Override
    public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

    @Override
    public void mqttErrorOccurred(MqttException e) {}

    @Override
    public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(
        int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
  }
}
