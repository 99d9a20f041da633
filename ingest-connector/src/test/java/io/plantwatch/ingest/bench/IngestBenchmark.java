package io.plantwatch.ingest.bench;

import io.plantwatch.ingest.ItConnectors;
import io.plantwatch.ingest.MqttSourceConfig;
import io.plantwatch.ingest.TaskJmx;
import io.plantwatch.ingest.TestReadings;
import io.plantwatch.ingest.UplinkPublisher;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.testsupport.ConnectCluster;
import io.plantwatch.testsupport.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Throughput of the uplink into Kafka, against a bare Paho subscriber on the same broker. Not a
 * test: it prints figures. Each run drains the same backlog: {@code batches} envelopes of {@code
 * size} readings are queued at the broker for an offline persistent session, then the consumer
 * comes online and the clock runs from its first reading to its last:
 *
 * <ul>
 *   <li>{@code paho-baseline}: a bare Paho MQTT 5 subscriber that decodes each envelope and
 *       acknowledges on arrival (the clock: first to last message received);
 *   <li>{@code connector/after-kafka}: the connector as shipped, acknowledging each MQTT message
 *       once Kafka has all its records;
 *   <li>{@code connector/on-arrival}: the connector with {@code mqtt.ack.mode=on-arrival}, which
 *       acknowledges on arrival, to show what the guarantee costs.
 * </ul>
 *
 * For the connector the clock is the Kafka log-append time of the first and last record (topics are
 * created with {@code message.timestamp.type=LogAppendTime}). Everything runs on this machine:
 * Mosquitto, one in-JVM Kafka broker and one Connect worker.
 *
 * <pre>
 * mvn -B -q -pl ingest-connector test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.plantwatch.ingest.bench.IngestBenchmark -Dexec.args="2000 50 5"
 * </pre>
 *
 * Arguments: batches per run (2000), readings per batch (50), rounds (5).
 */
public final class IngestBenchmark {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final MosquittoBroker broker;
  private final ConnectCluster connect;
  private final int batches;
  private final int size;
  private int run;

  private IngestBenchmark(MosquittoBroker broker, ConnectCluster connect, int batches, int size) {
    this.broker = broker;
    this.connect = connect;
    this.batches = batches;
    this.size = size;
  }

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    try (MosquittoBroker broker = new MosquittoBroker();
        ConnectCluster connect = new ConnectCluster()) {
      broker.start();
      connect.start();
      IngestBenchmark bench = new IngestBenchmark(broker, connect, batches, size);
      List<String> modes =
          List.of("paho-baseline", "connector/after-kafka", "connector/on-arrival");
      Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
      modes.forEach(m -> rates.put(m, new ArrayList<>()));
      // Warm-up, not counted: class loading and JIT compilation of every path.
      bench.baseline();
      bench.connector(MqttSourceConfig.ACK_AFTER_KAFKA);
      bench.connector(MqttSourceConfig.ACK_ON_ARRIVAL);
      for (int r = 0; r < rounds; r++) {
        rates.get(modes.get(0)).add(bench.baseline());
        rates.get(modes.get(1)).add(bench.connector(MqttSourceConfig.ACK_AFTER_KAFKA));
        rates.get(modes.get(2)).add(bench.connector(MqttSourceConfig.ACK_ON_ARRIVAL));
      }
      System.out.printf(
          Locale.ROOT,
          "%nbacklog per run: %d envelopes x %d readings = %d readings (%d bytes per envelope)%n",
          batches,
          size,
          (long) batches * size,
          TestReadings.encoded("gw-bench", 0, size).length);
      System.out.printf(
          Locale.ROOT, "%-24s %12s   %s%n", "mode", "median r/s", "runs (readings/s)");
      rates.forEach(
          (mode, list) ->
              System.out.printf(
                  Locale.ROOT,
                  "%-24s %12.0f   %s%n",
                  mode,
                  median(list),
                  list.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()));
    }
  }

  private String gateway() {
    return "gw-bench-" + (++run);
  }

  private void publishBacklog(String gateway) throws Exception {
    List<byte[]> payloads = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      payloads.add(TestReadings.encoded(gateway, b, size));
    }
    try (UplinkPublisher pub = UplinkPublisher.connect(broker, "bench-pub-" + gateway)) {
      for (byte[] p : payloads) {
        pub.publish("plantwatch/uplink/" + gateway + "/readings", p);
      }
    }
  }

  /** A bare persistent Paho subscriber: readings per second from first to last message. */
  private double baseline() throws Exception {
    String gateway = gateway();
    String topic = "plantwatch/uplink/" + gateway + "/readings";
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(3600L);
    o.setReceiveMaximum(1000);
    MqttAsyncClient sub =
        new MqttAsyncClient(broker.uri(), "bench-sub-" + gateway, new MemoryPersistence());
    sub.connect(o).waitForCompletion(30_000);
    sub.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)})
        .waitForCompletion(30_000);
    sub.disconnect().waitForCompletion(30_000);

    publishBacklog(gateway);

    BatchCodec codec = new BatchCodec();
    AtomicLong readings = new AtomicLong();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    CountDownLatch done = new CountDownLatch(batches);
    sub.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String t, MqttMessage m) {
            first.compareAndSet(0, System.nanoTime());
            readings.addAndGet(codec.decode(m.getPayload()).value().readings().size());
            last.set(System.nanoTime());
            done.countDown();
          }

          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    sub.connect(o).waitForCompletion(30_000);
    if (!done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("baseline received " + (batches - done.getCount()));
    }
    sub.disconnect().waitForCompletion(30_000);
    sub.close();
    double rate = readings.get() / ((last.get() - first.get()) / 1e9);
    System.out.printf(Locale.ROOT, "paho-baseline         %10.0f readings/s%n", rate);
    return rate;
  }

  /** The connector draining the backlog into Kafka: readings per second by log-append time. */
  private double connector(String ackMode) throws Exception {
    String gateway = gateway();
    String name = "bench-" + gateway;
    Map<String, String> c = ItConnectors.config(connect, broker, name + "-unused", gateway, 1);
    String topic = name + ".readings";
    connect
        .raw()
        .kafka()
        .createTopic(topic, 3, 1, Map.of("message.timestamp.type", "LogAppendTime"));
    c.put(MqttSourceConfig.TOPIC_CONFIG, topic);
    c.put(MqttSourceConfig.CLIENT_ID_PREFIX_CONFIG, name);
    c.put(MqttSourceConfig.SHARED_GROUP_CONFIG, name);
    c.put(MqttSourceConfig.ACK_MODE_CONFIG, ackMode);
    connect.configureConnector(name, c);
    ItConnectors.awaitSubscribed(connect, name, 1);
    // Stopped, not paused: the task disconnects and its persistent session queues the backlog.
    connect.raw().stopConnector(name);
    // The REST call returns before the task has stopped; publishing earlier would hand it
    // messages that on-arrival mode then loses.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (TaskJmx.registered(name, 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not stop");
      }
      Thread.sleep(50);
    }
    publishBacklog(gateway);
    connect.raw().resumeConnector(name);

    long expected = (long) batches * size;
    double rate = drainRate(topic, expected);
    connect.deleteConnector(name);
    System.out.printf(Locale.ROOT, "connector/%-11s %10.0f readings/s%n", ackMode, rate);
    return rate;
  }

  private double drainRate(String topic, long expected) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            connect.bootstrapServers(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      long total = 0;
      Map<TopicPartition, Long> ends = Map.of();
      while (total < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + total + " of " + expected + " in " + topic);
        }
        ends = consumer.endOffsets(parts);
        total = ends.values().stream().mapToLong(Long::longValue).sum();
        if (total < expected) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
      }
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (TopicPartition p : parts) {
        long end = ends.get(p);
        if (end == 0) {
          continue;
        }
        first = Math.min(first, timestampAt(consumer, p, 0));
        last = Math.max(last, timestampAt(consumer, p, end - 1));
      }
      return total / Math.max(0.001, (last - first) / 1000.0);
    }
  }

  private static long timestampAt(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition p, long offset) {
    consumer.assign(List.of(p));
    consumer.seek(p, offset);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() == offset) {
          return r.timestamp();
        }
      }
      consumer.seek(p, offset);
    }
    throw new IllegalStateException("no record at " + p + "@" + offset);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
