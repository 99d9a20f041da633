package io.plantwatch.analytics.topics;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka producer per bootstrap list and JVM, shared by every task of an executor: a producer is
 * thread-safe and costs threads, buffers and connections, so one per task or batch would waste them
 * (Spark's own Kafka sink caches its producers the same way).
 */
public final class Producers {
  private static final Map<String, KafkaProducer<byte[], byte[]>> OPEN = new ConcurrentHashMap<>();

  private Producers() {}

  static KafkaProducer<byte[], byte[]> of(String bootstrap) {
    return OPEN.computeIfAbsent(bootstrap, Producers::open);
  }

  private static KafkaProducer<byte[], byte[]> open(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // acks=all and idempotence: a record Kafka acknowledged survives a broker loss, and the
    // producer's own retries neither duplicate nor reorder a key's records (compaction keeps the
    // last one written, which must be the newest value).
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    // A micro-batch publishes a record per window it changed, 100,000 and more when catching up:
    // Kafka's 16 KiB default made a produce request of every 50 records.
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /**
   * Closes this JVM's producers; the job calls it when it stops (in local mode the executors are
   * the driver's JVM, and a producer left open keeps reconnecting to a Kafka that went away).
   */
  public static void closeAll() {
    for (String bootstrap : Map.copyOf(OPEN).keySet()) {
      KafkaProducer<byte[], byte[]> p = OPEN.remove(bootstrap);
      if (p != null) {
        p.close(Duration.ofSeconds(5));
      }
    }
  }
}
