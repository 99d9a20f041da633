package io.plantwatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Older site brokers speak MQTT 3.1.1 only; the gateway collects from them the same way. */
class GatewayMqtt311IT {
  @RegisterExtension static final MosquittoBroker site = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker uplink = new MosquittoBroker();

  @Test
  void collectsFromAnMqtt311SiteBrokerAndResubscribesAfterItRestarts() throws Exception {
    Path queue = TempDirs.create("gateway-311");
    GatewayConfig base =
        GatewayConfigs.config(
            "gw-311",
            GatewayConfigs.broker(site.uri(), "site-311"),
            GatewayConfigs.broker(uplink.uri(), "uplink-311"),
            queue);
    GatewayConfig config =
        new GatewayConfig(
            base.id(),
            new GatewayConfig.Site(base.site().broker(), base.site().subscriptions(), "3.1.1", 100),
            base.uplink(),
            base.queue(),
            base.validation(),
            base.units(),
            0);
    FleetSimulator sim =
        new FleetSimulator(
            "s",
            "l",
            FleetSimulator.machineNames("old-", 3),
            List.of("temperature", "current"),
            0,
            0,
            true,
            40,
            4);
    try (UplinkCollector collector = new UplinkCollector(uplink.uri(), "collector-311");
        Gateway gateway = new Gateway(config, Clock.systemUTC())) {
      gateway.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gateway.siteConnected() && gateway.uplinkConnected());
      Publishing before = new Publishing();
      try (DevicePublisher devices =
          new DevicePublisher(site.uri(), "devices-311", null, null, null, null, 16)) {
        before.run(devices, sim, 0, 20, 1_700_000_000_000L, 1000, 0);
      }
      collector.awaitDistinct(120, Duration.ofSeconds(30));

      site.stop();
      site.start();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(gateway::siteConnected);
      Publishing after = new Publishing();
      try (DevicePublisher devices =
          new DevicePublisher(site.uri(), "devices-311-again", null, null, null, null, 16)) {
        after.run(devices, sim, 20, 20, 1_700_000_000_000L, 1000, 0);
      }
      List<Reading> got = collector.awaitDistinct(240, Duration.ofSeconds(30));
      assertThat(UplinkCollector.byMeasurement(got).keySet())
          .containsAll(before.acknowledged)
          .containsAll(after.acknowledged);
      assertThat(got)
          .filteredOn(r -> r.metric().equals("temperature"))
          .allSatisfy(r -> assertThat(r.unit()).isEqualTo("degC"));
    } finally {
      TempDirs.deleteRecursively(queue);
    }
  }
}
