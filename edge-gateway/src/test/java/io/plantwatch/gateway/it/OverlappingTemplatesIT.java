package io.plantwatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Templates whose filters overlap cost nothing: each message is taken once, with no {@code
 * duplicate} quarantine records, against a real Mosquitto (which delivers a message once per
 * matching subscription).
 */
class OverlappingTemplatesIT {
  @RegisterExtension static final MosquittoBroker site = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker uplink = new MosquittoBroker();
  private static final AtomicInteger RUN = new AtomicInteger();

  @ParameterizedTest
  @ValueSource(strings = {"5", "3.1.1"})
  void jsonAndBareNumbersOnOneTreeAreEachTakenOnce(String protocol) throws Exception {
    List<Reading> got =
        run(
            protocol,
            List.of(
                new GatewayConfig.SubscriptionConfig(
                    "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI),
                new GatewayConfig.SubscriptionConfig(
                    "plant/{site}/{line}/{machine}/{metric}", PayloadFormat.BARE_NUMBER)),
            List.of(
                "plant/s1/l1/m1/telemetry",
                "plant/s1/l1/m2/telemetry",
                "plant/s1/l1/m1/pressure",
                "plant/s1/l1/m2/pressure"),
            4);
    assertThat(got)
        .extracting(Reading::metric)
        .containsExactlyInAnyOrder("vibration", "vibration", "pressure", "pressure");
  }

  @Test
  void partlyOverlappingTemplatesAreTakenOnceOnMqtt5() throws Exception {
    List<Reading> got =
        run(
            "5",
            List.of(
                new GatewayConfig.SubscriptionConfig(
                    "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI),
                new GatewayConfig.SubscriptionConfig(
                    "{site}/{line}/{machine}/m1/telemetry", PayloadFormat.JSON_MULTI)),
            List.of("plant/s1/l1/m1/telemetry", "plant/s1/l1/m2/telemetry", "x/y/z/m1/telemetry"),
            3);
    // The topic both filters match is read by the first template (site s1, not "plant").
    assertThat(got).extracting(Reading::site).containsExactlyInAnyOrder("s1", "s1", "x");
  }

  /** Publishes one message per topic and returns what reached the uplink, once settled. */
  private List<Reading> run(
      String protocol,
      List<GatewayConfig.SubscriptionConfig> templates,
      List<String> topics,
      int expected)
      throws Exception {
    int run = RUN.incrementAndGet();
    Path queue = TempDirs.create("gateway-queue");
    GatewayConfig config =
        GatewayConfigs.withSubscriptions(
            GatewayConfigs.config(
                "gw-o" + run,
                GatewayConfigs.broker(site.uri(), "site-o" + run),
                GatewayConfigs.broker(uplink.uri(), "uplink-o" + run),
                queue),
            protocol,
            templates);
    long ts = System.currentTimeMillis();
    try (UplinkCollector collector = new UplinkCollector(uplink.uri(), "collector-o" + run);
        Gateway gateway = new Gateway(config, Clock.systemUTC())) {
      gateway.start();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gateway.siteConnected() && gateway.uplinkConnected());
      try (DevicePublisher devices =
          new DevicePublisher(site.uri(), "devices-o" + run, null, null, null, null, 8)) {
        for (String topic : topics) {
          String payload =
              topic.endsWith("/telemetry")
                  ? "{\"ts\":" + ts + ",\"metrics\":{\"vibration\":2.5}}"
                  : "5.25";
          devices.publish(topic, payload.getBytes(StandardCharsets.UTF_8), () -> {});
        }
        devices.flush(10_000);
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> collector.readings().size() >= expected);
      Thread.sleep(1_000); // a second copy would have arrived by now
      assertThat(gateway.metrics().rejectsTotal(ReasonCode.DUPLICATE)).isZero();
      assertThat(gateway.metrics().readingsQueuedTotal()).isEqualTo(expected);
      return collector.readings();
    } finally {
      TempDirs.deleteRecursively(queue);
    }
  }
}
