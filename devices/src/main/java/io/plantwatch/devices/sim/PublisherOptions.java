package io.plantwatch.devices.sim;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the simulators reach the site broker; shared by {@code simulate} and {@code replay}. */
public final class PublisherOptions {
  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "Site broker URI (default: ${DEFAULT-VALUE}).")
  public String broker;

  @Option(
      names = "--client-id",
      defaultValue = "plantwatch-simulator",
      description = "MQTT client id (default: ${DEFAULT-VALUE}).")
  public String clientId;

  @Option(names = "--username", description = "User name for the site broker.")
  public String username;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the password (never pass passwords as arguments).")
  public String passwordEnv;

  @Option(names = "--truststore", description = "PKCS#12 trust store for ssl:// brokers.")
  public Path trustStore;

  @Option(
      names = "--truststore-password-env",
      paramLabel = "VAR",
      description = "Environment variable holding the trust store password.")
  public String trustStorePasswordEnv;

  @Option(
      names = "--max-in-flight",
      defaultValue = "64",
      description = "Unacknowledged publishes allowed (default: ${DEFAULT-VALUE}).")
  public int maxInFlight;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "Write every value the broker acknowledged as JSON lines.")
  public Path log;

  public DevicePublisher connect() throws Exception {
    return new DevicePublisher(
        broker,
        clientId,
        username,
        passwordEnv == null ? null : System.getenv(passwordEnv),
        trustStore,
        trustStorePasswordEnv == null ? null : System.getenv(trustStorePasswordEnv),
        maxInFlight);
  }
}
