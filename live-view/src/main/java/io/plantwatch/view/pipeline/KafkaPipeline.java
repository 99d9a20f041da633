package io.plantwatch.view.pipeline;

import io.plantwatch.view.fleet.Fleet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipeline as Kafka sees it, for a view beside a deployment whose components it cannot ask:
 * records in each topic of the flow (their end offsets summed; a compacted topic's offsets still
 * count every record written), gateways online, and how far event time has come in the windows.
 */
public final class KafkaPipeline implements PipelineSource, AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> offsets;
  private final List<String[]> topics;
  private final Fleet fleet;
  private final Supplier<Map<String, Long>> feedRejects;

  /**
   * @param topics pairs of stage name and topic, in flow order
   * @param feedRejects records the view itself could not read, by topic and reason
   */
  public KafkaPipeline(
      String bootstrapServers,
      List<String[]> topics,
      Fleet fleet,
      Supplier<Map<String, Long>> feedRejects) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "plantwatch-live-view-offsets");
    this.offsets = new KafkaConsumer<>(p);
    this.topics = topics;
    this.fleet = fleet;
    this.feedRejects = feedRejects;
  }

  @Override
  public synchronized StageCounts now() {
    List<StageCounts.Stage> stages = new ArrayList<>();
    for (String[] t : topics) {
      stages.add(new StageCounts.Stage(t[0], "records", endOffsets(t[1])));
    }
    List<StageCounts.Fact> facts = new ArrayList<>();
    Map<String, Boolean> gateways = fleet.gateways();
    long online = gateways.values().stream().filter(b -> b).count();
    facts.add(new StageCounts.Fact("gateways online", online + " of " + gateways.size()));
    long newest = fleet.newestWindowEnd();
    facts.add(
        new StageCounts.Fact(
            "newest window end",
            newest == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(newest).toString()));
    feedRejects
        .get()
        .forEach((k, v) -> facts.add(new StageCounts.Fact("view skipped " + k, Long.toString(v))));
    return new StageCounts(System.currentTimeMillis(), stages, facts);
  }

  private long endOffsets(String topic) {
    try {
      List<PartitionInfo> infos = offsets.partitionsFor(topic, Duration.ofSeconds(2));
      if (infos == null || infos.isEmpty()) {
        return -1;
      }
      List<TopicPartition> tps =
          infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      long sum = 0;
      for (Long end : offsets.endOffsets(tps, Duration.ofSeconds(2)).values()) {
        sum += end;
      }
      return sum;
    } catch (org.apache.kafka.common.KafkaException e) {
      return -1;
    }
  }

  @Override
  public synchronized void close() {
    offsets.close(Duration.ofSeconds(2));
  }
}
