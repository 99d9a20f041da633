package io.plantwatch.devices.sim;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes device payloads to a site broker like real devices do (QoS 1), with a bound on
 * unacknowledged publishes. With {@code reconnect}, it rides out a broker restart: a publish that
 * fails is retried until the broker takes it.
 */
public final class DevicePublisher implements AutoCloseable {
  private final MqttAsyncClient client;
  private final MqttConnectionOptions options;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public DevicePublisher(
      String brokerUri,
      String clientId,
      String username,
      String password,
      Path trustStore,
      String trustStorePassword,
      int maxInFlight)
      throws Exception {
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
    this.options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 2);
    options.setConnectionTimeout(10);
    if (username != null && !username.isEmpty()) {
      options.setUserName(username);
      options.setPassword(
          password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
    }
    if (trustStore != null) {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(trustStore)) {
        ts.load(in, trustStorePassword == null ? new char[0] : trustStorePassword.toCharArray());
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      options.setSocketFactory(ctx.getSocketFactory());
    } else if (brokerUri.startsWith("tcp://")) {
      options.setSocketFactory(new io.plantwatch.telemetry.NoDelaySocketFactory(null));
    }
    client.connect(options).waitForCompletion(15_000);
  }

  /**
   * Publishes with QoS 1; blocks while {@code maxInFlight} publishes await their PUBACK. {@code
   * onAcknowledged} runs when the broker took the message (a message the broker never acknowledged,
   * because it went down, counts as a failure and is not retried: devices lose data in outages,
   * which is what the gateway must then not make worse).
   */
  public void publish(String topic, byte[] payload, Runnable onAcknowledged)
      throws InterruptedException {
    inFlight.acquire();
    while (true) {
      try {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(
            topic,
            m,
            null,
            new MqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                try {
                  onAcknowledged.run();
                } finally {
                  acknowledged.incrementAndGet();
                  inFlight.release();
                }
              }

              @Override
              public void onFailure(IMqttToken token, Throwable e) {
                failures.incrementAndGet();
                inFlight.release();
              }
            });
        return;
      } catch (MqttException e) {
        // Not connected (broker restarting): wait for the automatic reconnect and try again.
        failures.incrementAndGet();
        Thread.sleep(200);
      }
    }
  }

  /** Waits until every publish was acknowledged or failed. */
  public boolean flush(long timeoutMillis) throws InterruptedException {
    if (inFlight.tryAcquire(maxInFlight, timeoutMillis, TimeUnit.MILLISECONDS)) {
      inFlight.release(maxInFlight);
      return true;
    }
    return false;
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  public long failures() {
    return failures.get();
  }

  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      // Closing below still releases the client.
    }
    // Paho refuses to close while an automatic reconnect is under way: wait that attempt out.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        client.close(true);
        return;
      } catch (MqttException e) {
        int reason = e.getReasonCode();
        boolean connecting =
            reason
                == org.eclipse.paho.mqttv5.client.MqttClientException
                    .REASON_CODE_CONNECT_IN_PROGRESS;
        boolean connected =
            reason
                == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_CONNECTED;
        if (!(connecting || connected) || System.nanoTime() > deadline) {
          throw e;
        }
        if (connected) {
          // The automatic reconnect has just succeeded: drop that connection, then close.
          try {
            client.disconnectForcibly(0, 1_000, true);
          } catch (MqttException ignored) {
            // The next close attempt reports what still fails.
          }
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
