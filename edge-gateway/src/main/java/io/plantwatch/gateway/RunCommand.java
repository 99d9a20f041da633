package io.plantwatch.gateway;

import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.ConfigReference;
import io.plantwatch.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway run}: runs the gateway until interrupted. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
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
      System.out.print(ConfigReference.markdown());
      return 0;
    }
    GatewayConfig c = ConfigLoader.load(config, System.getenv());
    if (printConfig) {
      // Passwords are Secrets: the dump shows their mask, never their text.
      System.out.print(ConfigLoader.toYaml(c));
      return 0;
    }
    Gateway gateway = new Gateway(c, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close();
                  } catch (Exception e) {
                    System.err.println("plantwatch gateway: unclean stop: " + e.getMessage());
                  }
                },
                "shutdown"));
    gateway.start();
    gateway.awaitStopped();
    if (gateway.failure() != null) {
      // Non-zero, so that systemd or the container runtime restarts the gateway.
      System.err.println("plantwatch gateway: stopped: " + gateway.failure());
      return 1;
    }
    return 0;
  }
}
