package io.plantwatch.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * A real Kafka broker in KRaft mode inside the test JVM, from Kafka's own test kit (the {@code
 * EmbeddedKafkaCluster} that Kafka Connect's integration tests use), on free loopback ports with
 * its logs in a temporary directory.
 */
public final class KafkaCluster extends ServerExtension {
  private final int brokers;
  private final Properties brokerProps = new Properties();
  private EmbeddedKafkaCluster cluster;

  public KafkaCluster() {
    this(1);
  }

  public KafkaCluster(int brokers) {
    this.brokers = brokers;
    brokerProps.put("auto.create.topics.enable", "false");
    brokerProps.put("group.initial.rebalance.delay.ms", "0");
    brokerProps.put("num.partitions", "1");
  }

  /** Sets a broker property before start. */
  public KafkaCluster withBrokerProperty(String key, String value) {
    brokerProps.put(key, value);
    return this;
  }

  @Override
  protected void doStart() {
    if (cluster == null) {
      cluster = new EmbeddedKafkaCluster(brokers, brokerProps);
      cluster.start();
    } else {
      cluster.restartOnlyBrokers();
    }
  }

  @Override
  protected void doStop() {
    cluster.stopOnlyBrokers();
  }

  @Override
  protected void cleanUp() {
    if (cluster != null) {
      cluster.stop();
      cluster = null;
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public void createTopic(String topic, int partitions) {
    cluster.createTopic(topic, partitions);
  }

  public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
    Map<String, Object> p = new java.util.HashMap<>(overrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads {@code topic} from the beginning until {@code count} records or {@code timeout}. */
  public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
    return ClusterReads.consume(bootstrapServers(), topic, count, timeout);
  }

  /** The test kit's own cluster, for what this wrapper does not offer. */
  public EmbeddedKafkaCluster raw() {
    return cluster;
  }

  /** Consumer helpers shared with {@link ConnectCluster}. */
  static final class ClusterReads {
    private ClusterReads() {}

    static List<ConsumerRecord<byte[], byte[]>> consume(
        String bootstrap, String topic, int count, Duration timeout) {
      Map<String, Object> c =
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
              ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
              ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(
                pi -> parts.add(new org.apache.kafka.common.TopicPartition(topic, pi.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
      }
      return out;
    }
  }
}
