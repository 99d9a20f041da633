package io.plantwatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.Secret;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import io.plantwatch.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayTlsIT {
  @RegisterExtension static final MosquittoBroker site = MosquittoBroker.withTlsAndPassword();
  @RegisterExtension static final MosquittoBroker uplink = MosquittoBroker.withTlsAndPassword();

  private static final String NOT_AUTHORIZED =
      "the broker refused the connection: not authorized (check the user name and password)";

  private static GatewayConfig.Broker secure(
      MosquittoBroker b, String clientId, String password, Path passwordFile) {
    return new GatewayConfig.Broker(
        b.uri(),
        clientId,
        MosquittoBroker.USER,
        Secret.of(password),
        passwordFile == null ? "" : passwordFile.toString(),
        b.certificates().trustStore().toString(),
        Secret.of(TestCertificates.STORE_PASSWORD),
        "",
        Secret.NONE,
        Duration.ofHours(1),
        Duration.ofSeconds(10),
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }

  @Test
  void forwardsOverTlsWithPasswordsFromAFileAndFromConfig() throws Exception {
    Path dir = TempDirs.create("gateway-tls");
    Path passwordFile = dir.resolve("uplink-password");
    Files.writeString(passwordFile, MosquittoBroker.PASSWORD + "\n");
    GatewayConfig config =
        GatewayConfigs.config(
            "gw-tls",
            secure(site, "site-tls", MosquittoBroker.PASSWORD, null),
            secure(uplink, "uplink-tls", "", passwordFile),
            dir.resolve("q"));
    try (Gateway gateway = new Gateway(config, Clock.systemUTC());
        TlsCollector collector = new TlsCollector(uplink);
        DevicePublisher devices =
            new DevicePublisher(
                site.uri(),
                "devices-tls",
                MosquittoBroker.USER,
                MosquittoBroker.PASSWORD,
                site.certificates().trustStore(),
                TestCertificates.STORE_PASSWORD,
                16)) {
      gateway.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gateway.siteConnected() && gateway.uplinkConnected());
      FleetSimulator sim =
          new FleetSimulator(
              "s",
              "l",
              FleetSimulator.machineNames("t", 2),
              List.of("vibration"),
              0,
              0,
              false,
              10,
              1);
      Publishing p = new Publishing();
      p.run(devices, sim, 0, 10, 1_700_000_000_000L, 1000, 0);
      List<Reading> got = collector.collector.awaitDistinct(20, Duration.ofSeconds(30));
      assertThat(UplinkCollector.byMeasurement(got).keySet())
          .containsExactlyInAnyOrderElementsOf(p.acknowledged);
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  @Test
  void wrongCredentialsGiveAClearError() throws Exception {
    Path dir = TempDirs.create("gateway-tls-bad");
    GatewayConfig config =
        GatewayConfigs.config(
            "gw-bad",
            secure(site, "site-bad", "not-the-password", null),
            secure(uplink, "uplink-bad", "wrong too", null),
            dir.resolve("q"));
    try (Gateway gateway = new Gateway(config, Clock.systemUTC())) {
      gateway.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gateway.siteError() != null && gateway.uplinkError() != null);
      // Mosquitto 2.0 answers "not authorized" (135) to a wrong password over MQTT 5.
      assertThat(gateway.siteError()).isEqualTo(NOT_AUTHORIZED);
      assertThat(gateway.uplinkError()).isEqualTo(NOT_AUTHORIZED);
      assertThat(gateway.siteConnected()).isFalse();
      assertThat(gateway.health().healthy()).isFalse();
      assertThat(gateway.health().json())
          .contains(NOT_AUTHORIZED)
          .doesNotContain("not-the-password");
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  /** The uplink collector, connected over TLS with the password. */
  private static final class TlsCollector implements AutoCloseable {
    final UplinkCollector collector;

    TlsCollector(MosquittoBroker b) throws Exception {
      collector =
          UplinkCollector.secure(
              b.uri(),
              "collector-tls",
              MosquittoBroker.USER,
              MosquittoBroker.PASSWORD,
              b.certificates().trustStore(),
              TestCertificates.STORE_PASSWORD);
    }

    @Override
    public void close() throws Exception {
      collector.close();
    }
  }
}
