package io.plantwatch.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.UplinkBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * Stands in for the ingest connector on the uplink broker: a persistent MQTT 5 session that records
 * every batch, quarantine record and status message the gateway publishes, and answers each batch
 * and record with the receipt the connector would send once Kafka has it.
 */
final class UplinkCollector implements AutoCloseable, MqttCallback {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BatchCodec codec = new BatchCodec();
  private final MqttAsyncClient client;
  private final List<Reading> readings = new CopyOnWriteArrayList<>();
  private final List<JsonNode> rejected = new CopyOnWriteArrayList<>();
  private final List<JsonNode> statuses = new CopyOnWriteArrayList<>();
  private final List<String> undecodable = new CopyOnWriteArrayList<>();
  private volatile boolean receipts = true;
  private final java.util.concurrent.ExecutorService receiptSender =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "collector-receipts");
            t.setDaemon(true);
            return t;
          });

  UplinkCollector(String uri, String clientId) throws MqttException {
    this(uri, clientId, new MqttConnectionOptions());
  }

  static UplinkCollector secure(
      String uri,
      String clientId,
      String user,
      String password,
      java.nio.file.Path trustStore,
      String storePassword)
      throws Exception {
    java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(trustStore)) {
      ts.load(in, storePassword.toCharArray());
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(ctx.getSocketFactory());
    o.setUserName(user);
    o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new UplinkCollector(uri, clientId, o);
  }

  private UplinkCollector(String uri, String clientId, MqttConnectionOptions o)
      throws MqttException {
    client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    client.setCallback(this);
    // The PUBACK goes before the receipt, as the connector's does: with Paho's automatic ack it
    // follows the callback, and the receipt, sent from another thread, could overtake it. The
    // gateway could then empty its queue while the broker still held the message as unacknowledged,
    // and a broker restarted from its persistence sends such a message again, without DUP (checked
    // against Mosquitto 2.0.11): readings acknowledged before the stop came twice in one CI run
    // of GatewayRestartIT.
    client.setManualAcks(true);
    o.setCleanStart(false);
    o.setSessionExpiryInterval(3600L);
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 2);
    client.connect(o).waitForCompletion(10_000);
    subscribe().waitForCompletion(10_000);
  }

  private IMqttToken subscribe() throws MqttException {
    return client.subscribe(
        new MqttSubscription[] {
          new MqttSubscription("plantwatch/uplink/+/readings", 1),
          new MqttSubscription("plantwatch/uplink/+/rejected", 1),
          new MqttSubscription("plantwatch/uplink/+/status", 1)
        });
  }

  /** Whether to answer like the connector, with a receipt once a message is recorded. */
  void sendReceipts(boolean on) {
    receipts = on;
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws Exception {
    record(topic, message);
    client.messageArrivedComplete(message.getId(), message.getQos());
    MqttProperties p = message.getProperties();
    if (receipts && p != null && p.getResponseTopic() != null) {
      MqttMessage receipt = new MqttMessage(p.getCorrelationData());
      receipt.setQos(1);
      MqttProperties rp = new MqttProperties();
      rp.setCorrelationData(p.getCorrelationData());
      receipt.setProperties(rp);
      // Not from this callback: a full in-flight window would throw here, and Paho drops the
      // connection when a callback throws.
      receiptSender.execute(() -> sendReceipt(p.getResponseTopic(), receipt));
    }
  }

  private void sendReceipt(String topic, MqttMessage receipt) {
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        client.publish(topic, receipt);
        return;
      } catch (MqttException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void record(String topic, MqttMessage message) throws Exception {
    if (topic.endsWith("/readings")) {
      Decoded<UplinkBatch> d = codec.decode(message.getPayload());
      if (d.isAccepted()) {
        readings.addAll(d.value().readings());
      } else {
        undecodable.add(d.rejection().toString());
      }
    } else if (topic.endsWith("/rejected")) {
      rejected.add(JSON.readTree(message.getPayload()));
    } else {
      statuses.add(JSON.readTree(message.getPayload()));
    }
  }

  List<Reading> readings() {
    return List.copyOf(readings);
  }

  List<JsonNode> rejected() {
    return List.copyOf(rejected);
  }

  List<JsonNode> statuses() {
    return List.copyOf(statuses);
  }

  List<String> undecodable() {
    return List.copyOf(undecodable);
  }

  /** Readings keyed by what identifies a measurement: machine, metric and event time. */
  static Map<String, List<Reading>> byMeasurement(Collection<Reading> readings) {
    Map<String, List<Reading>> out = new HashMap<>();
    for (Reading r : readings) {
      out.computeIfAbsent(key(r.machine(), r.metric(), r.ts()), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  static String key(String machine, String metric, long ts) {
    return machine + "\u0000" + metric + "\u0000" + ts;
  }

  /** Waits until {@code distinct} measurements arrived; returns all readings received. */
  List<Reading> awaitDistinct(int distinct, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (byMeasurement(readings).size() < distinct) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected "
                + distinct
                + " distinct readings on the uplink, got "
                + byMeasurement(readings).size());
      }
      Thread.sleep(100);
    }
    return readings();
  }

  @Override
  public void disconnected(MqttDisconnectResponse r) {}

  @Override
  public void mqttErrorOccurred(MqttException e) {}

  @Override
  public void deliveryComplete(IMqttToken token) {}

  /**
   * Subscribes again after every reconnect, as the connector does after every CONNACK: a broker
   * restarted without the persistent session (its persistence written or not at the stop) would
   * otherwise deliver nothing more to this collector.
   */
  @Override
  public void connectComplete(boolean reconnect, String serverURI) {
    if (reconnect) {
      try {
        subscribe();
      } catch (MqttException e) {
        // The next reconnect subscribes again.
      }
    }
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() throws MqttException {
    receiptSender.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } finally {
      try {
        client.close(true);
      } catch (MqttException e) {
        // An automatic reconnect is under way (the test restarted the broker): stop it first.
        client.disconnectForcibly(0, 1_000, false);
        client.close(true);
      }
    }
  }
}
