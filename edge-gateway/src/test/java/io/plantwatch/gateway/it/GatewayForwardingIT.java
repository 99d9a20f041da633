package io.plantwatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.devices.sim.SentLog;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayForwardingIT {
  @RegisterExtension static final MosquittoBroker site = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker uplink = new MosquittoBroker();
  private static final AtomicInteger RUN = new AtomicInteger();

  private Path queueDir;
  private Gateway gateway;
  private UplinkCollector collector;
  private DevicePublisher devices;
  private String gatewayId;

  @BeforeEach
  void start() throws Exception {
    int run = RUN.incrementAndGet();
    gatewayId = "gw-" + run;
    queueDir = TempDirs.create("gateway-queue");
    collector = new UplinkCollector(uplink.uri(), "collector-" + run);
    GatewayConfig config =
        GatewayConfigs.config(
            gatewayId,
            GatewayConfigs.broker(site.uri(), "site-" + run),
            GatewayConfigs.broker(uplink.uri(), "uplink-" + run),
            queueDir);
    gateway = new Gateway(config, Clock.systemUTC());
    gateway.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gateway.siteConnected() && gateway.uplinkConnected());
    devices = new DevicePublisher(site.uri(), "devices-" + run, null, null, null, null, 32);
  }

  @AfterEach
  void stop() throws Exception {
    // Each in turn whatever the others do: a gateway left running would forward the next
    // test's messages too.
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

  @Test
  void readingsArriveExactlyOnceWithIdsCanonicalUnitsAndIntactNames() throws Exception {
    List<String> machines = FleetSimulator.machineNames("Presse, Süd=7 \"α\" ", 3);
    FleetSimulator sim =
        new FleetSimulator(
            "Werk Nord",
            "Linie 1, Halle=2",
            machines,
            List.of("temperature", "vibration", "pressure"),
            1,
            0,
            true,
            50,
            7);
    Publishing p = new Publishing();
    p.run(devices, sim, 0, 50, 1_700_000_000_000L, 1000, 0);

    List<Reading> got = collector.awaitDistinct(450, Duration.ofSeconds(60));
    Thread.sleep(500); // a late duplicate would show up now
    got = collector.readings();
    assertThat(got).hasSize(450);
    Set<Long> seqs =
        got.stream()
            .map(r -> Long.parseLong(r.id().substring(gatewayId.length() + 1)))
            .collect(Collectors.toSet());
    assertThat(seqs).hasSize(450);
    assertThat(got).allSatisfy(r -> assertThat(r.id()).startsWith(gatewayId + "-"));
    assertThat(seqs)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 450).boxed().toList());

    Map<String, List<Reading>> byKey = UplinkCollector.byMeasurement(got);
    for (SentLog.Entry e : p.sent) {
      Reading r = byKey.get(UplinkCollector.key(e.machine(), e.metric(), e.ts())).get(0);
      assertThat(r.site()).isEqualTo("Werk Nord");
      assertThat(r.line()).isEqualTo("Linie 1, Halle=2");
      assertThat(r.machine()).isEqualTo(e.machine()).contains("Presse, Süd=7 \"α\" ");
      assertThat(r.gateway()).isEqualTo(gatewayId);
      if (e.metric().equals("temperature")) {
        assertThat(e.unit()).isEqualTo("degF");
        assertThat(r.unit()).isEqualTo("degC");
        assertThat(r.value()).isCloseTo((e.value() - 32) * 5 / 9, within(1e-9));
      } else {
        assertThat(r.unit()).isEqualTo(e.unit());
        assertThat(r.value()).isEqualTo(e.value());
      }
    }
    // Counted when the receipt comes back, which the collector sends after it has the readings.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(gateway.metrics().readingsForwardedTotal()).isEqualTo(450));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.queue().readingCount() == 0);
    assertThat(collector.statuses())
        .anySatisfy(s -> assertThat(s.get("state").asText()).isEqualTo("online"));
  }

  @Test
  void badPayloadsAreQuarantinedWithTheirReasonAndDoNotStallTheGateway() throws Exception {
    String t = "plant/s1/l1/m1/telemetry";
    byte[] mega = new byte[1024 * 1024];
    java.util.Arrays.fill(mega, (byte) '7');
    long now = System.currentTimeMillis();
    Object[][] corpus = {
      {t, "{\"ts\": 1, \"metrics\": {\"vibration\": 1", "malformed_json"},
      {t, "{\"ts\": " + now + ", \"metrics\": {\"vibration\": NaN}}", "non_finite_value"},
      {t, "{\"ts\": " + now + ", \"metrics\": {\"vibration\": Infinity}}", "non_finite_value"},
      {t, "{\"ts\": " + now + ", \"metrics\": {\"vibration\": \"3.1\"}}", "wrong_type"},
      {t, "{\"metrics\": {\"vibration\": 3.1}}", "missing_field"},
      {
        t,
        "{\"ts\": " + (now + 86_400_000L) + ", \"metrics\": {\"vibration\": 3.1}}",
        "timestamp_skew"
      },
      {t, mega, "payload_too_large"},
      {t, new byte[0], "empty_payload"},
      {t, new byte[] {(byte) 0xc3, 0x28, 0x00, (byte) 0xff, 0x13}, "malformed_json"},
      {t, "{\"ts\": " + now + ", \"metrics\": {\"vibration\": 250}}", "out_of_range"},
      {
        t,
        "{\"ts\": " + now + ", \"metrics\": {\"temperature\": {\"value\": 3, \"unit\": \"bar\"}}}",
        "incompatible_unit"
      },
      {"sensors/s1/l1/m1/temperature", "hot", "wrong_type"},
      {"plant/s1/l1/m1/single", "{\"ts\": " + now + ", \"metric\": \"pressure\"}", "missing_field"},
    };
    for (Object[] c : corpus) {
      byte[] payload =
          c[1] instanceof byte[] b ? b : ((String) c[1]).getBytes(StandardCharsets.UTF_8);
      devices.publish((String) c[0], payload, () -> {});
    }
    // A good message after the corpus must still get through.
    devices.publish(
        t,
        ("{\"ts\": " + now + ", \"metrics\": {\"vibration\": 3.25}}")
            .getBytes(StandardCharsets.UTF_8),
        () -> {});
    devices.publish(
        "sensors/s1/l1/m1/temperature", "71.5".getBytes(StandardCharsets.UTF_8), () -> {});
    devices.flush(10_000);

    // Quarantine is at-least-once like everything else: a site-broker redelivery after a dropped
    // connection may quarantine a message twice, so compare distinct records, each of which must
    // be one corpus entry with its reason.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> distinctRejects(collector.rejected()).size() >= corpus.length);
    List<String> reasons =
        distinctRejects(collector.rejected()).stream().map(n -> n.get("reason").asText()).toList();
    assertThat(reasons)
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(corpus).map(c -> (String) c[2]).toList());
    JsonNode big =
        collector.rejected().stream()
            .filter(n -> n.get("reason").asText().equals("payload_too_large"))
            .findFirst()
            .orElseThrow();
    assertThat(big.get("size").asInt()).isEqualTo(1024 * 1024);
    assertThat(big.get("truncated").asBoolean()).isTrue();
    assertThat(big.get("topic").asText()).isEqualTo(t);
    assertThat(big.get("payload").asText()).hasSize(4096);
    JsonNode binary =
        collector.rejected().stream().filter(n -> n.has("payloadBase64")).findFirst().orElseThrow();
    assertThat(binary.get("payloadBase64").asText()).isEqualTo("wygA/xM=");

    List<Reading> good = collector.awaitDistinct(2, Duration.ofSeconds(20));
    assertThat(good)
        .extracting(Reading::metric, Reading::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("vibration", 3.25),
            org.assertj.core.groups.Tuple.tuple("temperature", 71.5));
    assertThat(gateway.metrics().rejectsTotal(io.plantwatch.telemetry.ReasonCode.NON_FINITE_VALUE))
        .isEqualTo(2);
  }

  @Test
  void everyReadingArrivesWhenTheUplinkBrokerIsDownForThirtySeconds() throws Exception {
    FleetSimulator sim =
        new FleetSimulator(
            "s",
            "l",
            FleetSimulator.machineNames("m", 5),
            List.of("vibration", "temperature"),
            1,
            0,
            false,
            200,
            11);
    Publishing p = new Publishing();
    Thread outage =
        new Thread(
            () -> {
              try {
                Thread.sleep(2_000);
                uplink.stop();
                Thread.sleep(30_000);
                uplink.start();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    outage.start();
    p.run(devices, sim, 0, 160, 1_700_000_000_000L, 1000, 200); // ~32 s of publishing
    outage.join();
    assertThat(p.acknowledged).hasSize(160 * 5 * 2);
    List<Reading> got = collector.awaitDistinct(1600, Duration.ofSeconds(90));
    assertThat(UplinkCollector.byMeasurement(got).keySet())
        .containsExactlyInAnyOrderElementsOf(p.acknowledged);
    Set<String> ids = new HashSet<>();
    long repeatedIds = got.stream().filter(r -> !ids.add(r.id())).count();
    System.out.printf(
        "uplink outage 30 s: %d readings, %d delivered twice (same id, resent tail), resent counter %.0f%n",
        1600, repeatedIds, gateway.metrics().readingsResentTotal());
    // Duplicates carry the same id, so the analytics job can drop them.
    assertThat(ids).hasSize(1600);
  }

  @Test
  void resubscribesByItselfAfterTheSiteBrokerRestarts() throws Exception {
    FleetSimulator sim =
        new FleetSimulator(
            "s",
            "l",
            FleetSimulator.machineNames("m", 4),
            List.of("vibration"),
            0,
            0,
            false,
            100,
            3);
    Publishing before = new Publishing();
    before.run(devices, sim, 0, 20, 1_700_000_000_000L, 1000, 0);
    collector.awaitDistinct(80, Duration.ofSeconds(30));

    site.stop();
    Thread.sleep(1_000);
    site.start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(gateway::siteConnected);
    DevicePublisher again =
        new DevicePublisher(site.uri(), "devices-after-restart", null, null, null, null, 32);
    Publishing after = new Publishing();
    after.run(again, sim, 20, 30, 1_700_000_000_000L, 1000, 0);
    again.close();

    List<Reading> got = collector.awaitDistinct(200, Duration.ofSeconds(60));
    assertThat(UplinkCollector.byMeasurement(got).keySet())
        .containsAll(after.acknowledged)
        .hasSize(200);
  }

  /**
   * One record per quarantined message of this test's gateway: same topic, same payload, same
   * reason (the detail may differ on a redelivery: a clock skew is measured again).
   */
  private List<JsonNode> distinctRejects(List<JsonNode> rejected) {
    Map<String, JsonNode> byMessage = new java.util.LinkedHashMap<>();
    for (JsonNode n : rejected) {
      if (!gatewayId.equals(n.path("gateway").asText())) {
        continue; // not this test's gateway
      }
      String payload =
          n.has("payloadBase64") ? n.get("payloadBase64").asText() : n.path("payload").asText();
      byMessage.putIfAbsent(
          n.get("topic").asText() + '\u0000' + payload + '\u0000' + n.get("reason").asText(), n);
    }
    return List.copyOf(byMessage.values());
  }
}
