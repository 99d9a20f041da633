package io.plantwatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka alone: the same records as the connector writes (key = machine, value = one reading in
 * JSON), produced with the producer settings a Connect worker uses for source tasks ({@code
 * acks=all}, one request in flight per connection) to a fresh topic with the pipeline's partition
 * count, and consumed at the same time by one consumer, as Spark's Kafka source reads them.
 * Readings/s = records consumed per second.
 */
public final class KafkaCeiling {
  private KafkaCeiling() {}

  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  static Map<String, Object> connectLikeProducer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // What Connect's Worker sets for source task producers.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    return p;
  }

  public static BenchReport.Ceiling measure(
      String bootstrap, int partitions, List<String> metrics, long durationMs) throws Exception {
    String topic = "bench.kafka-ceiling";
    createTopic(bootstrap, topic, partitions);
    int machines = 1000;
    int pool = 50_000;
    byte[][] keys = new byte[pool][];
    byte[][] values = new byte[pool][];
    long start = System.currentTimeMillis();
    for (int i = 0; i < pool; i++) {
      Object[] r = Records.nth(i, machines, metrics, start);
      keys[i] = Records.key((String) r[0]);
      values[i] = Records.value(i, "ceiling", (String) r[0], (String) r[1], 60.5, (Long) r[2]);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong consumed = new AtomicLong();
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-kafka-ceiling");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Thread consumer =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> k = new KafkaConsumer<>(c)) {
                k.subscribe(List.of(topic));
                while (!stop.get()) {
                  ConsumerRecords<byte[], byte[]> recs = k.poll(Duration.ofMillis(200));
                  consumed.addAndGet(recs.count());
                }
              }
            },
            "bench-kafka-ceiling-consumer");
    consumer.setDaemon(true);
    consumer.start();
    List<Thread> producers = new ArrayList<>();
    // As many producers as the pipeline has connector tasks would be natural; two fill two cores.
    for (int p = 0; p < 2; p++) {
      int offset = p;
      Thread t =
          new Thread(
              () -> {
                try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(connectLikeProducer(bootstrap))) {
                  for (int i = offset; !stop.get(); i = (i + 2) % pool) {
                    producer.send(new ProducerRecord<>(topic, keys[i], values[i]));
                  }
                  producer.flush();
                }
              },
              "bench-kafka-ceiling-producer-" + p);
      t.setDaemon(true);
      producers.add(t);
      t.start();
    }
    SteadyRate rate = SteadyRate.measure(consumed::get, 2000, durationMs);
    stop.set(true);
    for (Thread t : producers) {
      t.join(60_000);
    }
    consumer.join(10_000);
    double perS = rate.perSecond();
    return new BenchReport.Ceiling(
        "kafka",
        perS,
        String.format(
            Locale.ROOT,
            "embedded Kafka broker alone: 2 producers (Connect's settings: acks=all, 1 in flight)"
                + " → %d partitions → 1 consumer, reading records of %d bytes",
            partitions,
            values[0].length));
  }
}
