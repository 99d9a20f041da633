package io.plantwatch.gateway.it;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.UplinkReceipt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Gateway configurations pointing at test brokers. */
final class GatewayConfigs {
  private GatewayConfigs() {}

  /** Short reconnect delays, so tests that restart brokers do not wait long. */
  static GatewayConfig.Broker broker(String uri, String clientId) {
    return GatewayConfig.Broker.of(uri, clientId, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  static GatewayConfig config(
      String id, GatewayConfig.Broker site, GatewayConfig.Broker uplink, Path queueDir) {
    GatewayConfig d = GatewayConfig.defaults();
    return new GatewayConfig(
        id,
        new GatewayConfig.Site(
            site,
            List.of(
                new GatewayConfig.SubscriptionConfig(
                    "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI),
                new GatewayConfig.SubscriptionConfig(
                    "plant/{site}/{line}/{machine}/single", PayloadFormat.JSON_SINGLE),
                new GatewayConfig.SubscriptionConfig(
                    "sensors/{site}/{line}/{machine}/{metric}", PayloadFormat.BARE_NUMBER)),
            "5",
            1000),
        new GatewayConfig.Uplink(
            uplink,
            "plantwatch/uplink",
            200,
            Duration.ofMillis(50),
            8,
            Duration.ofSeconds(1),
            4096,
            false,
            UplinkReceipt.DEFAULT_TIMEOUT,
            d.uplink().forwardRetry()),
        new GatewayConfig.Queue(queueDir.toString(), 256L << 20, 500, d.queue().commitRetry()),
        new GatewayConfig.Validation(
            List.of(),
            Map.of("vibration", List.of(0.0, 100.0)),
            Duration.ofMinutes(10),
            64 * 1024,
            Duration.ofMinutes(5),
            Duration.ofDays(3650)),
        d.units(),
        0);
  }

  /** The same configuration with other receipt settings. */
  static GatewayConfig withReceipts(GatewayConfig c, boolean trustBrokerAck, Duration timeout) {
    GatewayConfig.Uplink u = c.uplink();
    return new GatewayConfig(
        c.id(),
        c.site(),
        new GatewayConfig.Uplink(
            u.broker(),
            u.topicPrefix(),
            u.batchMaxReadings(),
            u.batchLinger(),
            u.maxInFlight(),
            u.heartbeatInterval(),
            u.rejectedPayloadMaxBytes(),
            trustBrokerAck,
            timeout,
            u.forwardRetry()),
        c.queue(),
        c.validation(),
        c.units(),
        c.httpPort());
  }

  /** The same configuration with other site subscriptions and protocol. */
  static GatewayConfig withSubscriptions(
      GatewayConfig c, String protocol, List<GatewayConfig.SubscriptionConfig> subscriptions) {
    GatewayConfig.Site s = c.site();
    return new GatewayConfig(
        c.id(),
        new GatewayConfig.Site(s.broker(), subscriptions, protocol, s.receiveMaximum()),
        c.uplink(),
        c.queue(),
        c.validation(),
        c.units(),
        c.httpPort());
  }
}
