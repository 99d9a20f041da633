package io.plantwatch.stack;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 5 broker inside this JVM: HiveMQ Community Edition, embedded. It has what the gateway and
 * the connector rely on: QoS 1, persistent sessions with a session expiry, and shared subscriptions
 * ({@code $share/group/filter}) for a connector with several tasks. Sessions and queues are kept in
 * memory: they survive clients reconnecting, not this process ending (the gateway's disk queue
 * keeps what the uplink broker did not acknowledge).
 */
final class EmbeddedMqttBroker implements AutoCloseable {
  /** Messages queued per offline persistent session; HiveMQ's default (1000) would drop more. */
  private static final int MAX_QUEUED_MESSAGES = 1_000_000;

  private final String name;
  private final int port;
  private final EmbeddedHiveMQ hivemq;

  private EmbeddedMqttBroker(String name, int port, EmbeddedHiveMQ hivemq) {
    this.name = name;
    this.port = port;
    this.hivemq = hivemq;
  }

  /** Starts a broker listening on 127.0.0.1:{@code port}, with its files under {@code dir}. */
  static EmbeddedMqttBroker start(String name, int port, Path dir)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Path extensions = Files.createDirectories(dir.resolve("extensions"));
    Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            // The JVM's logging is Spark's log4j; HiveMQ would install logback.
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().get(60, TimeUnit.SECONDS);
    return new EmbeddedMqttBroker(name, port, hivemq);
  }

  static String config(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
            </queued-messages>
          </mqtt>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, MAX_QUEUED_MESSAGES);
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  String name() {
    return name;
  }

  /**
   * Stops every broker of {@code brokers} at once: each stop waits out a fixed two-second quiet
   * period of HiveMQ's network threads (its {@code NettyShutdownHook}), about four seconds a broker
   * one after the other.
   */
  static void closeAll(java.util.List<EmbeddedMqttBroker> brokers) throws Exception {
    java.util.List<java.util.concurrent.CompletableFuture<Void>> stops =
        new java.util.ArrayList<>();
    Exception failure = null;
    for (EmbeddedMqttBroker b : brokers) {
      try {
        stops.add(b.hivemq.stop());
      } catch (RuntimeException e) {
        stops.add(java.util.concurrent.CompletableFuture.failedFuture(e));
      }
    }
    // Every broker is closed, whatever the others did.
    for (int i = 0; i < brokers.size(); i++) {
      try {
        stops.get(i).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failure = failure == null ? e : failure;
      } finally {
        brokers.get(i).hivemq.close();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws Exception {
    closeAll(java.util.List.of(this));
  }
}
