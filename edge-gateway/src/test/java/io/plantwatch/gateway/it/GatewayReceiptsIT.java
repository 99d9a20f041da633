package io.plantwatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway keeps what it forwarded until the connector's receipt says it is in Kafka (contract
 * 3b), against real Mosquitto brokers; {@link UplinkCollector} answers as the connector does, or
 * stays silent as a connector that is down.
 */
class GatewayReceiptsIT {
  @RegisterExtension static final MosquittoBroker site = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker uplink = new MosquittoBroker();
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final long START = System.currentTimeMillis() - 600_000;

  private Path queueDir;
  private Gateway gateway;
  private UplinkCollector collector;
  private DevicePublisher devices;
  private String gatewayId;

  private void start(boolean trustBrokerAck, boolean receipts) throws Exception {
    int run = RUN.incrementAndGet();
    gatewayId = "gw-r" + run;
    queueDir = TempDirs.create("gateway-queue");
    collector = new UplinkCollector(uplink.uri(), "collector-r" + run);
    collector.sendReceipts(receipts);
    GatewayConfig config =
        GatewayConfigs.withReceipts(
            GatewayConfigs.config(
                gatewayId,
                GatewayConfigs.broker(site.uri(), "site-r" + run),
                GatewayConfigs.broker(uplink.uri(), "uplink-r" + run),
                queueDir),
            trustBrokerAck,
            Duration.ofSeconds(2));
    gateway = new Gateway(config, Clock.systemUTC());
    gateway.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gateway.siteConnected() && gateway.uplinkConnected());
    devices = new DevicePublisher(site.uri(), "devices-r" + run, null, null, null, null, 32);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      devices.close();
    } finally {
      try {
        gateway.close();
      } finally {
        try {
          collector.close();
        } finally {
          TempDirs.deleteRecursively(queueDir);
        }
      }
    }
  }

  private void publish(int ticks) throws InterruptedException {
    FleetSimulator sim =
        new FleetSimulator(
            "s1", "l1", List.of("m1", "m2"), List.of("vibration", "pressure"), 0, 0, false, 10, 3);
    new Publishing().run(devices, sim, 0, ticks, START, 1000, 0);
  }

  @Test
  void withoutReceiptsNothingLeavesTheQueueAndTheBatchesAreSentAgainThenReceiptsDrainIt()
      throws Exception {
    start(false, false);
    publish(10); // 40 readings
    collector.awaitDistinct(40, Duration.ofSeconds(30));
    assertThat(gateway.queue().readingCount())
        .as("delivered to the uplink broker, but not yet in Kafka")
        .isEqualTo(40);
    Awaitility.await("the unconfirmed batches are sent again after the receipt timeout")
        .atMost(Duration.ofSeconds(30))
        .until(() -> collector.readings().size() >= 80);
    assertThat(gateway.metrics().receiptTimeoutsTotal()).isPositive();
    assertThat(gateway.metrics().readingsResentTotal()).isGreaterThanOrEqualTo(40);
    assertThat(gateway.queue().readingCount()).isEqualTo(40);

    collector.sendReceipts(true);
    Awaitility.await("receipts for the next resend empty the queue")
        .atMost(Duration.ofSeconds(30))
        .until(() -> gateway.queue().readingCount() == 0);
    Set<String> ids = collector.readings().stream().map(Reading::id).collect(Collectors.toSet());
    assertThat(ids)
        .as("copies keep their ids")
        .hasSize(40)
        .allSatisfy(id -> assertThat(id).startsWith(gatewayId + "-"));
    assertThat(gateway.metrics().readingsForwardedTotal()).isEqualTo(40);
  }

  @Test
  void aMessageOnTheReceiptsTopicThatIsNotAReceiptDeletesNothing() throws Exception {
    start(false, false);
    publish(5); // 20 readings
    collector.awaitDistinct(20, Duration.ofSeconds(30));
    MqttClient intruder =
        new MqttClient(uplink.uri(), "intruder-" + gatewayId, new MemoryPersistence());
    intruder.connect();
    String topic = "plantwatch/uplink/" + gatewayId + "/receipts";
    intruder.publish(topic, "delete everything".getBytes(StandardCharsets.UTF_8), 1, false);
    intruder.publish(
        topic,
        "{\"v\":2,\"kind\":\"readings\",\"first\":1,\"last\":999}".getBytes(StandardCharsets.UTF_8),
        1,
        false);
    intruder.disconnect();
    intruder.close();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> gateway.metrics().scrape().contains("gateway_uplink_receipts_refused_total 2.0"));
    assertThat(gateway.queue().readingCount()).isEqualTo(20);
  }

  @Test
  void trustingTheBrokersAckDeletesOnPubackAsBefore() throws Exception {
    start(true, false);
    publish(5);
    collector.awaitDistinct(20, Duration.ofSeconds(30));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.queue().readingCount() == 0);
    assertThat(gateway.metrics().receiptTimeoutsTotal()).isZero();
    assertThat(collector.readings()).hasSize(20);
  }
}
