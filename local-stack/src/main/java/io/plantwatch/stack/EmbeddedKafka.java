package io.plantwatch.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One Kafka broker in KRaft mode (broker and controller in one node) inside this JVM, its log in a
 * folder of our choosing. Formatted once, the folder outlives the process, so a second {@code
 * bin/plantwatch run} in the same output folder continues: its topics, offsets and the job's
 * checkpoint still agree. (Kafka's own test kit deletes its folder in a shutdown hook, which halts
 * a broker still running: that is why the run does not use it.)
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final int port;
  private final Path temporary;

  private EmbeddedKafka(KafkaRaftServer server, int port, Path temporary) {
    this.server = server;
    this.port = port;
    this.temporary = temporary;
  }

  /** A broker whose log lives in {@code dir}, kept after {@link #close()}. */
  public static EmbeddedKafka start(Path dir) throws IOException {
    return start(dir, null);
  }

  /** A broker in a temporary folder, deleted by {@link #close()}. */
  public static EmbeddedKafka start() throws IOException {
    Path dir = Files.createTempDirectory("plantwatch-kafka");
    return start(dir, dir);
  }

  private static EmbeddedKafka start(Path dir, Path temporary) throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    int port = freePort();
    int controllerPort = freePort();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", data.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    if (!Files.exists(data.resolve("meta.properties"))) {
      format(dir, p);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, port, temporary);
  }

  /** Kafka's own storage tool, as {@code kafka-storage.sh format} runs it. */
  private static void format(Path dir, Properties p) throws IOException {
    Path config = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "written by bin/plantwatch run to format the embedded broker's log");
    }
    String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", config.toString()},
            new PrintStream(output, true, StandardCharsets.UTF_8));
    if (code != 0) {
      throw new IOException(
          "formatting Kafka's log in "
              + dir
              + " failed: "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (temporary != null) {
      try {
        Folders.deleteRecursively(temporary);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
