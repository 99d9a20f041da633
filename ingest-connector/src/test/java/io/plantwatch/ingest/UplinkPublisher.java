package io.plantwatch.ingest;

import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TestCertificates;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes uplink payloads at QoS 1 as a gateway does, keeping a window of publishes in flight;
 * {@link #close()} waits until the broker has acknowledged all of them.
 */
public final class UplinkPublisher implements AutoCloseable {
  /** Below Mosquitto's default receive maximum of 20, which caps a client's in-flight publishes. */
  private static final int WINDOW = 16;

  private final MqttAsyncClient client;
  private final Deque<IMqttToken> inFlight = new ArrayDeque<>();

  private UplinkPublisher(MqttAsyncClient client) {
    this.client = client;
  }

  public static UplinkPublisher connect(MosquittoBroker broker, String clientId) throws Exception {
    return connect(broker, clientId, false);
  }

  public static UplinkPublisher connect(MosquittoBroker broker, String clientId, boolean tls)
      throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setConnectionTimeout(30);
    if (tls) {
      o.setUserName(MosquittoBroker.USER);
      o.setPassword(MosquittoBroker.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      o.setSocketFactory(trusting(broker).getSocketFactory());
    }
    client.connect(o).waitForCompletion(30_000);
    return new UplinkPublisher(client);
  }

  public void publish(String topic, byte[] payload) throws MqttException {
    publish(topic, payload, false);
  }

  /**
   * Publishes a message the broker keeps for later subscribers, as a gateway's status; an empty
   * payload deletes the topic's retained message.
   */
  public void publishRetained(String topic, byte[] payload) throws MqttException {
    publish(topic, payload, true);
  }

  private void publish(String topic, byte[] payload, boolean retained) throws MqttException {
    if (inFlight.size() >= WINDOW) {
      inFlight.removeFirst().waitForCompletion(30_000);
    }
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(retained);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        inFlight.addLast(client.publish(topic, m));
        return;
      } catch (MqttException e) {
        // The broker's receive maximum is full: wait for the oldest acknowledgement, then retry.
        // Paho frees a slot a moment after the token completes, so with nothing of ours left to
        // wait for, give it that moment.
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT
            || System.nanoTime() > deadline) {
          throw e;
        }
        if (inFlight.isEmpty()) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw e;
          }
        } else {
          inFlight.removeFirst().waitForCompletion(30_000);
        }
      }
    }
  }

  /** Waits for the broker's PUBACK of everything published so far. */
  public void flush() throws MqttException {
    while (!inFlight.isEmpty()) {
      inFlight.removeFirst().waitForCompletion(30_000);
    }
  }

  @Override
  public void close() throws MqttException {
    flush();
    client.disconnect().waitForCompletion(10_000);
    client.close();
  }

  static SSLContext trusting(MosquittoBroker broker) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(broker.certificates().trustStore())) {
      ts.load(in, TestCertificates.STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
