package io.plantwatch.gateway;

import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway run}: runs the gateway until interrupted. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the edge gateway: site MQTT → validation → durable queue → uplink MQTT.",
      "Every setting can be overridden by an environment variable PLANTWATCH_GATEWAY_<PATH>,",
      "for example PLANTWATCH_GATEWAY_UPLINK_BROKER_PASSWORD."
    })
public final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file (see edge-gateway/README.md).")
  Path config;

  @Option(
      names = "--print-config",
      description = "Print the effective configuration (passwords masked) and exit.")
  boolean printConfig;

  @Option(
      names = "--config-reference",
      description = "Print every setting as a Markdown table and exit.")
  boolean reference;

  @Override
  public Integer call() throws Exception {
    if (reference) {
      System.out.print(io.plantwatch.gateway.config.ConfigReference.markdown());
      return 0;
    }
    GatewayConfig c = ConfigLoader.load(config, System.getenv());
    if (printConfig) {
      System.out.print(ConfigLoader.toYaml(masked(c)));
      return 0;
    }
    Gateway gateway = new Gateway(c, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close();
                  } catch (Exception e) {
                    System.err.println("plantwatch gateway: unclean stop: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "shutdown"));
    gateway.start();
    stopped.await();
    return 0;
  }

  private static GatewayConfig masked(GatewayConfig c) {
    return new GatewayConfig(
        c.id(),
        new GatewayConfig.Site(
            mask(c.site().broker()),
            c.site().subscriptions(),
            c.site().protocol(),
            c.site().receiveMaximum()),
        new GatewayConfig.Uplink(
            mask(c.uplink().broker()),
            c.uplink().topicPrefix(),
            c.uplink().batchMaxReadings(),
            c.uplink().batchLinger(),
            c.uplink().maxInFlight(),
            c.uplink().heartbeatInterval(),
            c.uplink().rejectedPayloadMaxBytes(),
            c.uplink().trustBrokerAck(),
            c.uplink().receiptTimeout()),
        c.queue(),
        c.validation(),
        c.units(),
        c.httpPort());
  }

  private static GatewayConfig.Broker mask(GatewayConfig.Broker b) {
    return new GatewayConfig.Broker(
        b.uri(),
        b.clientId(),
        b.username(),
        b.password().isEmpty() ? "" : "******",
        b.passwordFile(),
        b.trustStore(),
        b.trustStorePassword().isEmpty() ? "" : "******",
        b.keyStore(),
        b.keyStorePassword().isEmpty() ? "" : "******",
        b.sessionExpiry(),
        b.keepAlive(),
        b.reconnectMinDelay(),
        b.reconnectMaxDelay());
  }
}
