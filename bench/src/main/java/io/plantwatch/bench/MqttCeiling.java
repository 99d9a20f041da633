package io.plantwatch.bench;

import io.plantwatch.devices.load.LoadGenerator;
import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.telemetry.NoDelaySocketFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The bare MQTT broker: a fresh Mosquitto process, the devices' publishers (same Paho client, QoS
 * 1, same payload and connections) publishing as fast as the broker takes them, and one Paho MQTT 5
 * subscriber session with QoS 1 and the gateway's receive maximum, as the gateway subscribes.
 * Readings/s = messages received per second × metrics per message.
 */
public final class MqttCeiling {
  private MqttCeiling() {}

  public static BenchReport.Ceiling measure(
      Path dir,
      List<String> metrics,
      int connections,
      int maxInFlight,
      long durationMs,
      List<String> mosquittoConf)
      throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.start(dir, mosquittoConf)) {
      AtomicLong received = new AtomicLong();
      MqttAsyncClient sub =
          new MqttAsyncClient(broker.uri(), "bench-ceiling-sub", new MemoryPersistence());
      sub.setCallback(
          new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
              received.incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties p) {}
          });
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setReceiveMaximum(1000);
      o.setSocketFactory(new NoDelaySocketFactory(null));
      sub.connect(o).waitForCompletion(15_000);
      sub.subscribe("plant/+/+/+/telemetry", 1).waitForCompletion(15_000);

      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int conn = c;
        Thread t =
            new Thread(
                () -> {
                  try (DevicePublisher out =
                      new DevicePublisher(
                          broker.uri(),
                          "bench-ceiling-pub-" + conn,
                          null,
                          null,
                          null,
                          null,
                          maxInFlight)) {
                    for (long n = conn; !stop.get(); n += connections) {
                      out.publish(
                          "plant/ceiling/line1/"
                              + LoadGenerator.machineName((int) (n % 1000))
                              + "/telemetry",
                          LoadGenerator.payload(metrics, System.currentTimeMillis(), n),
                          () -> {});
                    }
                    out.flush(30_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                "bench-mqtt-ceiling-" + c);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      // One second to reach a steady state, then the measured period.
      SteadyRate rate = SteadyRate.measure(received::get, 1000, durationMs);
      stop.set(true);
      for (Thread t : threads) {
        t.join(40_000);
      }
      sub.disconnect().waitForCompletion(5_000);
      sub.close();
      double perS = rate.perSecond();
      return new BenchReport.Ceiling(
          "mqtt",
          perS * metrics.size(),
          String.format(
              Locale.ROOT,
              "Mosquitto alone: %d Paho publisher(s) (QoS 1, %d in flight) → one Paho MQTT 5"
                  + " subscriber (QoS 1, receive maximum 1000); %.0f messages/s × %d metrics"
                  + " per message%s",
              connections,
              maxInFlight,
              perS,
              metrics.size(),
              mosquittoConf.isEmpty() ? "" : "; Mosquitto " + String.join(", ", mosquittoConf)));
    }
  }
}
