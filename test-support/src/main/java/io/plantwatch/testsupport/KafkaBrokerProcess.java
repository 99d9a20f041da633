package io.plantwatch.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Kafka broker (KRaft, combined broker and controller) in its own JVM, started with Kafka's own
 * {@code kafka.Kafka} main class on a free loopback port, its log directory formatted once with
 * {@code kafka.tools.StorageTool}. {@link #kill()} is {@code kill -9} of that process; {@link
 * #start()} afterwards restarts it on the same port and data, as an operator's restart would.
 */
public final class KafkaBrokerProcess extends ProcessServer {
  private final Map<String, String> overrides = new HashMap<>();
  private final Quorum quorum;
  private final int nodeId;
  private int port;
  private int controllerPort;
  private List<String> command;

  /** A single broker that is its own controller quorum. */
  public KafkaBrokerProcess() {
    this(null, 1);
  }

  private KafkaBrokerProcess(Quorum quorum, int nodeId) {
    this.quorum = quorum;
    this.nodeId = nodeId;
  }

  /**
   * The nodes of a cluster of {@code nodes} combined brokers and controllers, each in its own JVM,
   * sharing one cluster id and controller quorum; internal topics replicated to every node (at most
   * three) with {@code min.insync.replicas} 2, as a production cluster runs. Start them together
   * ({@link #startAll}): a controller waits for a majority of its quorum.
   */
  public static List<KafkaBrokerProcess> cluster(int nodes) {
    Quorum q = new Quorum(nodes);
    List<KafkaBrokerProcess> out = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      out.add(new KafkaBrokerProcess(q, n));
    }
    return out;
  }

  /** Starts every node at once and returns when all answer. */
  public static void startAll(List<KafkaBrokerProcess> nodes) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (KafkaBrokerProcess node : nodes) {
      Thread t =
          new Thread(
              () -> {
                try {
                  node.start();
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              "start-kafka-" + node.nodeId);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  /** Every node's address, for clients of the whole cluster. */
  public static String bootstrapServers(List<KafkaBrokerProcess> nodes) {
    return String.join(",", nodes.stream().map(KafkaBrokerProcess::bootstrapServers).toList());
  }

  /** The ports and cluster id the nodes of one cluster share, chosen before any starts. */
  private static final class Quorum {
    final String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    final int[] ports;
    final int[] controllerPorts;

    Quorum(int nodes) {
      ports = new int[nodes];
      controllerPorts = new int[nodes];
      for (int i = 0; i < nodes; i++) {
        ports[i] = FreePorts.next();
        controllerPorts[i] = FreePorts.next();
      }
    }

    String voters() {
      List<String> v = new ArrayList<>();
      for (int i = 0; i < ports.length; i++) {
        v.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
      }
      return String.join(",", v);
    }
  }

  /**
   * What every broker of a cluster of {@code nodes} runs with, its addresses and folders aside:
   * combined broker and controller (KRaft), plaintext; with more than one node, replication factor
   * 3 (or the node count) and {@code min.insync.replicas} 2 for the internal topics and the
   * default.
   */
  public static Properties settings(int nodes) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    if (nodes > 1) {
      String replicas = Integer.toString(Math.min(3, nodes));
      p.put("offsets.topic.replication.factor", replicas);
      p.put("transaction.state.log.replication.factor", replicas);
      p.put("default.replication.factor", replicas);
      p.put("min.insync.replicas", "2");
      p.put("transaction.state.log.min.isr", "2");
    }
    return p;
  }

  /** Sets a broker property before the first start. */
  public KafkaBrokerProcess withProperty(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  @Override
  protected void doStart() throws Exception {
    if (server == null) {
      dir = TempDirs.create("kafka-broker");
      port = quorum == null ? FreePorts.next() : quorum.ports[nodeId - 1];
      controllerPort = quorum == null ? FreePorts.next() : quorum.controllerPorts[nodeId - 1];
      Properties p = settings(quorum == null ? 1 : quorum.ports.length);
      p.put("node.id", Integer.toString(nodeId));
      p.put(
          "controller.quorum.voters",
          quorum == null ? "1@127.0.0.1:" + controllerPort : quorum.voters());
      p.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      p.put("log.dirs", dir.resolve("data").toString());
      p.putAll(overrides);
      command = ChildJvm.onProperties(dir, "kafka.Kafka", dir.resolve("server.properties"), p);
      ChildJvm.run(
          dir,
          "kafka.tools.StorageTool",
          List.of(
              "format",
              "-t",
              quorum == null
                  ? UUID.randomUUID().toString().replace("-", "").substring(0, 22)
                  : quorum.clusterId,
              "-c",
              dir.resolve("server.properties").toString()));
      server = new NativeServer("kafka broker", ChildJvm.java(), dir.resolve("broker.log"));
    }
    server.start(command, this::answers, Duration.ofSeconds(90));
  }

  private boolean answers() {
    if (!FreePorts.isListening(port)) {
      return false;
    }
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return Admin.create(p);
  }

  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  /** Every record of {@code topic} now in Kafka, from the beginning, read by a fresh consumer. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!reached(c, end, Set.copyOf(partitions))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
        }
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
      return out;
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end, Set<TopicPartition> parts) {
    for (TopicPartition tp : parts) {
      if (c.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
