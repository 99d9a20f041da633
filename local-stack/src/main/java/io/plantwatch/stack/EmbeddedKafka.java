package io.plantwatch.stack;

import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * One Kafka broker in KRaft mode inside this JVM, from Kafka's own test kit (the {@code
 * EmbeddedKafkaCluster} Kafka Connect's integration tests use): it formats its storage in a
 * temporary directory and picks a free port.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final EmbeddedKafkaCluster cluster;

  private EmbeddedKafka(EmbeddedKafkaCluster cluster) {
    this.cluster = cluster;
  }

  public static EmbeddedKafka start() {
    Properties broker = new Properties();
    broker.put("auto.create.topics.enable", "false");
    broker.put("group.initial.rebalance.delay.ms", "0");
    broker.put("num.partitions", "1");
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(1, broker);
    cluster.start();
    return new EmbeddedKafka(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
