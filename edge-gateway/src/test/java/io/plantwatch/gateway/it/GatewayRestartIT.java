package io.plantwatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.queue.QueueListener;
import io.plantwatch.gateway.queue.QueuedEntry;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayRestartIT {
  @RegisterExtension static final MosquittoBroker site = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker uplink = new MosquittoBroker();
  private final List<Gateway> started = new java.util.ArrayList<>();

  /** A failed assertion must not leave a gateway subscribed, or it pollutes the next test. */
  @org.junit.jupiter.api.AfterEach
  void closeGateways() throws Exception {
    for (Gateway g : started) {
      g.close();
    }
    if (!uplink.isRunning()) {
      uplink.start();
    }
  }

  @Test
  void afterARestartOnlyTheUnacknowledgedTailIsSentAgain() throws Exception {
    Path queueDir = TempDirs.create("gateway-queue");
    GatewayConfig config =
        GatewayConfigs.config(
            "gw-restart",
            GatewayConfigs.broker(site.uri(), "site-restart"),
            GatewayConfigs.broker(uplink.uri(), "uplink-restart"),
            queueDir);
    FleetSimulator sim =
        new FleetSimulator(
            "s",
            "l",
            FleetSimulator.machineNames("m", 5),
            List.of("vibration", "temperature"),
            0,
            0,
            false,
            400,
            5);
    try (UplinkCollector collector = new UplinkCollector(uplink.uri(), "collector-restart");
        DevicePublisher devices =
            new DevicePublisher(site.uri(), "devices-restart", null, null, null, null, 32)) {
      Gateway first = new Gateway(config, Clock.systemUTC());
      started.add(first);
      first.start();
      // Messages published before the gateway's first subscription reach no one (MQTT semantics).
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> first.siteConnected() && first.uplinkConnected());
      Publishing p = new Publishing();
      p.run(devices, sim, 0, 100, 1_700_000_000_000L, 1000, 0);
      collector.awaitDistinct(1000, Duration.ofSeconds(60));
      // The collector has them; their acknowledgements may still be on the way back, and what is
      // not acknowledged when the uplink goes is rightly sent again: wait for the queue to empty.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> first.queue().readingCount() == 0);

      // The uplink goes away while readings keep coming; then the gateway restarts.
      uplink.stop();
      p.run(devices, sim, 100, 100, 1_700_000_000_000L, 1000, 0);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> first.metrics().readingsQueuedTotal() >= 2000);
      first.close();

      Set<String> unacknowledged = new HashSet<>();
      try (StoreAndForwardQueue q =
          StoreAndForwardQueue.open(queueDir, 1L << 30, Clock.systemUTC(), QueueListener.NONE)) {
        BatchCodec codec = new BatchCodec();
        for (QueuedEntry e : q.readReadings(0, 100_000)) {
          unacknowledged.add(codec.decodeReading(e.payload()).value().id());
        }
      }
      assertThat(unacknowledged).hasSize(1000);

      uplink.start();
      Gateway second = new Gateway(config, Clock.systemUTC());
      started.add(second);
      second.start();
      List<Reading> got = collector.awaitDistinct(2000, Duration.ofSeconds(60));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> second.queue().readingCount() == 0);
      second.close();

      got = collector.readings();
      Map<String, Integer> perId = new HashMap<>();
      got.forEach(r -> perId.merge(r.id(), 1, Integer::sum));
      Set<String> repeated = new HashSet<>();
      perId.forEach(
          (id, n) -> {
            if (n > 1) {
              repeated.add(id);
            }
          });
      System.out.printf(
          "gateway restart: 2000 readings, %d unacknowledged at the stop, %d delivered twice,"
              + " %.0f resent by the first gateway%n",
          unacknowledged.size(), repeated.size(), first.metrics().readingsResentTotal());
      assertThat(UplinkCollector.byMeasurement(got).keySet())
          .containsExactlyInAnyOrderElementsOf(p.acknowledged);
      assertThat(unacknowledged).containsAll(repeated);
      assertThat(perId.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
      assertThat(perId).hasSize(2000);
    } finally {
      TempDirs.deleteRecursively(queueDir);
    }
  }

  @Test
  void killedWithSigkillMidStreamLosesNothingTheSiteBrokerDelivered() throws Exception {
    Path dir = TempDirs.create("gateway-kill");
    Path queueDir = dir.resolve("queue");
    GatewayConfig base =
        GatewayConfigs.config(
            "gw-kill",
            GatewayConfigs.broker(site.uri(), "site-kill"),
            GatewayConfigs.broker(uplink.uri(), "uplink-kill"),
            queueDir);
    int healthPort = io.plantwatch.testsupport.FreePorts.next();
    GatewayConfig config =
        new GatewayConfig(
            base.id(),
            base.site(),
            base.uplink(),
            base.queue(),
            base.validation(),
            base.units(),
            healthPort);
    Path configFile = dir.resolve("gateway.yaml");
    Files.writeString(configFile, ConfigLoader.toYaml(config));
    FleetSimulator sim =
        new FleetSimulator(
            "s",
            "l",
            FleetSimulator.machineNames("k", 10),
            List.of("vibration", "temperature", "pressure"),
            0,
            0,
            false,
            300,
            9);
    try (UplinkCollector collector = new UplinkCollector(uplink.uri(), "collector-kill");
        DevicePublisher devices =
            new DevicePublisher(site.uri(), "devices-kill", null, null, null, null, 32)) {
      Process gateway = startGateway(configFile, dir.resolve("gateway-1.log"));
      awaitHealthy(healthPort);
      Publishing p = new Publishing();
      Thread killer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(3_000);
                  gateway.destroyForcibly().waitFor();
                  Thread.sleep(2_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      killer.start();
      p.run(
          devices, sim, 0, 200, 1_700_000_000_000L, 1000, 30); // ~6 s, the kill lands in the middle
      killer.join();
      Process again = startGateway(configFile, dir.resolve("gateway-2.log"));
      try {
        List<Reading> got = collector.awaitDistinct(6000, Duration.ofSeconds(90));
        Thread.sleep(1_000);
        got = collector.readings();
        Map<String, List<Reading>> byKey = UplinkCollector.byMeasurement(got);
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(p.acknowledged);
        long sameIdRepeats = got.size() - got.stream().map(Reading::id).distinct().count();
        long distinctIdCopies =
            byKey.values().stream()
                .filter(rs -> rs.stream().map(Reading::id).distinct().count() > 1)
                .count();
        System.out.printf(
            "SIGKILL mid-stream: %d readings acknowledged by the site broker, %d arrived, %d repeats with the same id (droppable by id), %d with different ids%n",
            p.acknowledged.size(), byKey.size(), sameIdRepeats, distinctIdCopies);
        // A redelivered site message is recognised by its fingerprint, so a reading never gets two
        // ids.
        assertThat(distinctIdCopies).isZero();
        // SIGTERM, as systemd or a container runtime stops it: an orderly stop, nothing alarming.
        again.destroy();
        assertThat(again.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        List<String> log = Files.readAllLines(dir.resolve("gateway-2.log"));
        assertThat(log).anyMatch(l -> l.contains("stopped"));
        assertThat(log).as("ERROR lines").noneMatch(l -> l.contains(" ERROR "));
        assertThat(log).as("stack traces").noneMatch(l -> l.startsWith("\tat "));
      } finally {
        again.destroy();
        again.waitFor();
      }
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  /** /health answers 200 once the gateway is subscribed on the site broker. */
  private static void awaitHealthy(int port) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/health"))
            .build();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()
                    == 200);
  }

  private static Process startGateway(Path config, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            // The gateway's own logging (to stdout, here its log file), not the tests'.
            "-Dlog4j2.configurationFile=log4j2.xml",
            "-cp",
            System.getProperty("java.class.path"),
            "io.plantwatch.gateway.GatewayMain",
            "run",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
