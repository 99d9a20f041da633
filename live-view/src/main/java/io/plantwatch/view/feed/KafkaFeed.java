package io.plantwatch.view.feed;

import io.plantwatch.view.fleet.Fleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the view's topics from their beginning into the {@link Fleet}, then follows them. No
 * consumer group: every view reads everything (the topics are compacted or bounded), commits
 * nothing and starts over when it restarts, so a reload or a restarted view shows the same. Topics
 * that do not exist yet (the job creates its own at start) are looked for again every few seconds.
 */
public final class KafkaFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaFeed.class);
  private static final long TOPIC_LOOKUP_MS = 3000;

  private final KafkaConsumer<String, String> consumer;
  private final FeedTopics topics;
  private final Fleet fleet;
  private final Thread thread;
  private final AtomicLong records = new AtomicLong();
  private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private volatile boolean connected;

  public KafkaFeed(String bootstrapServers, FeedTopics topics, Fleet fleet) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "plantwatch-live-view");
    // Only what the job committed: a batch that failed half-way is not shown.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(p);
    this.topics = topics;
    this.fleet = fleet;
    this.thread = new Thread(this::run, "live-view-feed");
    this.thread.setDaemon(true);
  }

  public KafkaFeed start() {
    thread.start();
    return this;
  }

  /** Records taken into the fleet. */
  public long records() {
    return records.get();
  }

  /** Records refused, by topic and reason ({@code telemetry.windows malformed_json}). */
  public Map<String, Long> rejected() {
    Map<String, Long> out = new java.util.TreeMap<>();
    rejected.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public boolean connected() {
    return connected;
  }

  private void run() {
    Set<TopicPartition> assigned = new HashSet<>();
    long nextLookup = 0;
    try {
      while (running) {
        if (System.currentTimeMillis() >= nextLookup) {
          if (assign(assigned)) {
            connected = true;
          }
          nextLookup = System.currentTimeMillis() + TOPIC_LOOKUP_MS;
        }
        if (assigned.isEmpty()) {
          Thread.sleep(200);
          continue;
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          take(r);
        }
      }
    } catch (WakeupException | InterruptException e) {
      // close() asked us to stop.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("the live view stopped reading Kafka: {}", e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Adds the partitions of topics that appeared since the last look; true once Kafka answered. */
  private boolean assign(Set<TopicPartition> assigned) {
    List<TopicPartition> added = new ArrayList<>();
    boolean answered = false;
    for (String topic :
        List.of(topics.windows(), topics.health(), topics.alerts(), topics.gatewayStatus())) {
      if (topic.isEmpty()) {
        continue;
      }
      List<PartitionInfo> partitions;
      try {
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2));
        answered = true;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        LOG.warn("Kafka did not answer for {} in 2 s; trying again", topic);
        continue;
      }
      for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
        TopicPartition tp = new TopicPartition(info.topic(), info.partition());
        if (assigned.add(tp)) {
          added.add(tp);
        }
      }
    }
    if (!added.isEmpty()) {
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
      LOG.info("live view reads {} from the beginning", added);
    }
    return answered;
  }

  private void take(ConsumerRecord<String, String> r) {
    try {
      String topic = r.topic();
      if (topic.equals(topics.windows())) {
        if (r.value() != null) {
          FeedRecords.window(fleet, r.value());
        }
      } else if (topic.equals(topics.health())) {
        if (r.value() != null) {
          FeedRecords.health(fleet, r.value());
        }
      } else if (topic.equals(topics.alerts())) {
        FeedRecords.alert(fleet, r.value());
      } else if (topic.equals(topics.gatewayStatus())) {
        FeedRecords.gatewayStatus(fleet, r.key(), r.value());
      }
      records.incrementAndGet();
    } catch (FeedRecords.BadRecord e) {
      long n =
          rejected
              .computeIfAbsent(r.topic() + " " + e.reason, k -> new AtomicLong())
              .incrementAndGet();
      // The first few of each kind in full, then a reminder now and then: never a flood.
      if (n <= 5 || n % 1000 == 0) {
        LOG.warn(
            "live view skips {}-{}@{} ({} so far of this kind): {}",
            r.topic(),
            r.partition(),
            r.offset(),
            n,
            e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
