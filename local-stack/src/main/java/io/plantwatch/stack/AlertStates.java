package io.plantwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.telemetry.KafkaTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The current state of every alert rule on every machine, read from {@code maintenance.alerts} as
 * any consumer of the job's transitions would (from the topic's start, so a continued run shows
 * what is still firing): PENDING and STALE as well as FIRING, which mails alone do not show.
 */
final class AlertStates implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One rule's newest transition on one machine. */
  record State(String machine, String rule, String state, String message, long at) {
    int rank() {
      return AlertStates.rank(state);
    }
  }

  /** Lower is worse: what the console lists first; OK and resolved states rank 9. */
  static int rank(String state) {
    return switch (state) {
      case "FIRING" -> 0;
      case "PENDING" -> 1;
      case "STALE" -> 2;
      case "FLAPPING" -> 3;
      default -> 9;
    };
  }

  private final Map<String, State> byMachineAndRule = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;

  AlertStates(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(p);
    // No consumer group: the console reads the whole topic each run and commits nothing.
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(KafkaTopics.ALERTS, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "console-alert-states");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
          take(r.value());
        }
      }
    } catch (WakeupException stopping) {
      // closed
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  void take(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      State s =
          new State(
              n.path("machine").asText(),
              n.path("rule").asText(),
              n.path("state").asText(),
              n.path("message").asText(),
              n.path("at").asLong());
      byMachineAndRule.merge(
          s.machine() + "\u0000" + s.rule(), s, (old, now) -> now.at() >= old.at() ? now : old);
    } catch (Exception notAnAlert) {
      // Another producer's record: the console ignores it.
    }
  }

  /** The worst state of each machine's rules (OK when none is active). */
  String worstOf(String machine) {
    return byMachineAndRule.values().stream()
        .filter(s -> s.machine().equals(machine) && s.rank() < 9)
        .min(Comparator.comparingInt(State::rank))
        .map(State::state)
        .orElse("OK");
  }

  /** Every rule not OK or resolved now, worst first. */
  List<State> active() {
    List<State> out = new ArrayList<>();
    for (State s : byMachineAndRule.values()) {
      if (s.rank() < 9) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingInt(State::rank).thenComparing(State::machine));
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
