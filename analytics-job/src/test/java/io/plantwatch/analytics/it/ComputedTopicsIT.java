package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.topics.ComputedTopics;
import io.plantwatch.analytics.topics.TopicSetup;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract 4b, windows: the job creates {@code telemetry.windows} compacted with the history lag,
 * and what it publishes there is what it computes: for every window the last record equals the
 * independent reference, so the newest record per key (greatest {@code windowEnd}) is the
 * reference's newest window, with hostile identifiers, the readings' unit and gateway. Turned off,
 * nothing is published and no topic is created.
 */
@ExtendWith(StateStoresReleased.class)
class ComputedTopicsIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final InfluxdServer influxd = new InfluxdServer();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BatchCodec CODEC = new BatchCodec();

  // Each hostile metric has its own unit, each machine its own (hostile) gateway.
  private static final Map<String, String> UNITS =
      Map.of(
          "temperature", "degC",
          "vibration", "mm/s",
          "temp=\"inner\", core", "degC",
          "Druck <script>alert(1)</script>", "bar");
  private static final Map<String, String> GATEWAYS =
      Map.of(
          "press-1", "gw-1",
          "press-2", "gw-1",
          "mill-1", "gw 2, \"north\"",
          "press 7, hall=north", "gw-Süd ✓",
          "炉-1 \"Große\" 🚀", "gw-Süd ✓");

  @TempDir Path dir;

  @Test
  void theWindowsTopicHoldsEveryWindowAsTheReferenceComputesIt() throws Exception {
    String name = "computed";
    String topic = "computed.windows";
    Map<String, String> c = settings(name);
    c.put(JobConfig.KAFKA_WINDOWS_TOPIC.name(), topic);
    c.put(JobConfig.WINDOWS.name(), "5m/1m,10m");

    Scenario scenario = new Scenario("Werk \"Süd\", Halle=3 <script>", 11);
    List<List<ReferenceWindows.In>> phases = new ArrayList<>(scenario.phases());
    List<ReferenceWindows.In> first = new ArrayList<>(phases.get(0));
    first.addAll(hostile());
    phases.set(0, first);
    ReferenceWindows sliding =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m");
    ReferenceWindows tumbling =
        new ReferenceWindows(
            Scenario.WATERMARK, 10 * Scenario.MINUTE, 10 * Scenario.MINUTE, "10m/10m");

    try (RunningJob job = AnalyticsJob.start(LocalSpark.session(), JobConfig.from(c))) {
      for (List<ReferenceWindows.In> phase : phases) {
        send(name + ".readings", phase);
        job.processAllAvailable();
        sliding.phase(phase);
        tumbling.phase(phase);
      }
    }
    Map<ReferenceWindows.Key, ReferenceWindows.Stats> expected = new TreeMap<>();
    expected.putAll(sliding.windows());
    expected.putAll(tumbling.windows());
    // InfluxDB got exactly the reference, as before the topic existed.
    assertThat(SinkServers.influxdWindows(influxd, name, "machine_window_stats"))
        .isEqualTo(expected);

    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(consume(topic));
    records.sort(
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    Map<ReferenceWindows.Key, ReferenceWindows.Stats> lastPerWindow = new TreeMap<>();
    Map<List<String>, JsonNode> newestPerKey = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      List<String> key = keyOf(r);
      JsonNode v = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
      assertThat(v.get("v").asInt()).isEqualTo(1);
      assertThat(key)
          .as("the key is the value's identifiers and window")
          .containsExactly(
              v.get("site").asText(),
              v.get("line").asText(),
              v.get("machine").asText(),
              v.get("metric").asText(),
              v.get("window").asText());
      long length =
          v.get("window").asText().startsWith("5m") ? 5 * Scenario.MINUTE : 10 * Scenario.MINUTE;
      assertThat(v.get("windowEnd").asLong() - v.get("windowStart").asLong()).isEqualTo(length);
      assertThat(v.get("unit").asText()).isEqualTo(UNITS.get(v.get("metric").asText()));
      assertThat(v.get("gateway").asText()).isEqualTo(GATEWAYS.get(v.get("machine").asText()));
      lastPerWindow.put(windowKey(v), stats(v));
      JsonNode newest = newestPerKey.get(key);
      if (newest == null || v.get("windowEnd").asLong() >= newest.get("windowEnd").asLong()) {
        newestPerKey.put(key, v);
      }
    }
    assertThat(lastPerWindow).as("the last record of every window").isEqualTo(expected);

    // What a consumer takes as "now": the greatest windowEnd per key, its last record.
    Map<List<String>, ReferenceWindows.Key> newestExpected =
        new TreeMap<>(ComputedTopicsIT::compare);
    for (ReferenceWindows.Key k : expected.keySet()) {
      newestExpected.merge(
          List.of(k.site(), k.line(), k.machine(), k.metric(), k.window()),
          k,
          (a, b) -> a.end() >= b.end() ? a : b);
    }
    assertThat(newestPerKey).hasSameSizeAs(newestExpected);
    newestExpected.forEach(
        (key, k) -> {
          JsonNode v = newestPerKey.get(key);
          assertThat(v).as("a record for %s", key).isNotNull();
          assertThat(windowKey(v)).isEqualTo(k);
          assertThat(stats(v)).isEqualTo(expected.get(k));
        });
    // Hostile names came through as sent.
    assertThat(newestPerKey.keySet())
        .anySatisfy(k -> assertThat(k.get(2)).isEqualTo("炉-1 \"Große\" 🚀"))
        .anySatisfy(k -> assertThat(k.get(3)).isEqualTo("Druck <script>alert(1)</script>"));

    // Created by the job: compacted, with the default history as the compaction lag, partitioned
    // like the readings topic.
    try (Admin admin = admin()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("min.compaction.lag.ms").value())
          .isEqualTo(Long.toString(Duration.ofHours(2).toMillis()));
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
          .hasSize(2);
    }
  }

  @Test
  void anEmptyTopicNamePublishesNothing() throws Exception {
    String name = "computed-off";
    Map<String, String> c = settings(name);
    c.put(JobConfig.KAFKA_WINDOWS_TOPIC.name(), "");
    List<ReferenceWindows.In> readings = hostile();
    Set<String> before;
    try (Admin admin = admin()) {
      before = admin.listTopics().names().get();
    }
    Map<ReferenceWindows.Key, ReferenceWindows.Stats> expected =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m")
            .phase(readings)
            .windows();
    try (RunningJob job = AnalyticsJob.start(LocalSpark.session(), JobConfig.from(c))) {
      send(name + ".readings", readings);
      job.processAllAvailable();
      // Once (session 18, not reproduced since) InfluxDB held one machine's windows and not the
      // other's, whose readings are on the topic's other partition, when processAllAvailable
      // returned: the job now runs until both are there, or 60 s.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(SinkServers.influxdWindows(influxd, name, "machine_window_stats"))
                      .as("the windows still reach InfluxDB")
                      .isEqualTo(expected));
    }
    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get())
          .as("no topic created")
          .isEqualTo(before)
          .doesNotContain(KafkaTopics.WINDOWS);
    }
  }

  @Test
  void anExistingTopicIsLeftAsItIsAndReportedWhenNotCompacted() throws Exception {
    kafka.createTopic("setup.readings", 3);
    kafka.createTopic("setup.plain", 1); // cleanup.policy=delete, the broker's default
    TopicSetup.Outcome outcome =
        TopicSetup.ensure(
            new ComputedTopics(
                kafka.bootstrapServers(), "setup.windows", "setup.health", Duration.ofMinutes(45)),
            "setup.readings",
            Map.of("setup.plain", "plantwatch.kafka.windowsTopic", "setup.health", "h"));
    assertThat(outcome.created()).containsExactly("setup.health");
    assertThat(outcome.notCompacted()).containsExactly("setup.plain");
    try (Admin admin = admin()) {
      ConfigResource plain = new ConfigResource(ConfigResource.Type.TOPIC, "setup.plain");
      assertThat(
              admin
                  .describeConfigs(List.of(plain))
                  .all()
                  .get()
                  .get(plain)
                  .get("cleanup.policy")
                  .value())
          .as("left as it is")
          .isEqualTo("delete");
      ConfigResource health = new ConfigResource(ConfigResource.Type.TOPIC, "setup.health");
      Config config = admin.describeConfigs(List.of(health)).all().get().get(health);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("2700000");
      assertThat(config.get("segment.ms").value()).isEqualTo("2700000");
      assertThat(
              admin
                  .describeTopics(List.of("setup.health"))
                  .allTopicNames()
                  .get()
                  .get("setup.health")
                  .partitions())
          .as("partitioned like the readings topic")
          .hasSize(3);
    }
    // Asked again, nothing is created.
    assertThat(
            TopicSetup.ensure(
                    new ComputedTopics(
                        kafka.bootstrapServers(), "", "setup.health", Duration.ofMinutes(45)),
                    "setup.readings",
                    Map.of("setup.health", "h"))
                .created())
        .isEmpty();
  }

  private Map<String, String> settings(String name) throws Exception {
    kafka.createTopic(name + ".readings", 2);
    kafka.createTopic(name + ".rejected", 1);
    influxd.createDatabase(name);
    Map<String, String> c = new LinkedHashMap<>();
    c.put(JobConfig.KAFKA_BOOTSTRAP.name(), kafka.bootstrapServers());
    c.put(JobConfig.KAFKA_TOPIC.name(), name + ".readings");
    c.put(JobConfig.REJECTED_TOPIC.name(), name + ".rejected");
    c.put(JobConfig.CHECKPOINT.name(), dir.resolve(name + "-checkpoint").toString());
    c.put(JobConfig.TRIGGER.name(), "500ms");
    c.put(JobConfig.WATERMARK.name(), "10m");
    c.put(JobConfig.INFLUX_URL.name(), influxd.baseUrl());
    c.put(JobConfig.INFLUX_API.name(), "v1");
    c.put(JobConfig.INFLUX_DATABASE.name(), name);
    return c;
  }

  /** Hostile names over the first ten minutes, with repeats, in units of their metric. */
  private static List<ReferenceWindows.In> hostile() {
    String site = "Werk \"Süd\", Halle=3 <script>";
    String[][] names = {
      {"line 1", "press 7, hall=north", "temp=\"inner\", core"},
      {"ライン \"A\"", "炉-1 \"Große\" 🚀", "Druck <script>alert(1)</script>"}
    };
    Random random = new Random(5);
    List<ReferenceWindows.In> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String[] n = names[i % names.length];
      out.add(
          new ReferenceWindows.In(
              "hostile-" + i,
              site,
              n[0],
              n[1],
              n[2],
              10 + random.nextInt(640) / 8.0,
              Scenario.T0 + i * 9 * Scenario.SECOND));
      if (i % 10 == 0) {
        out.add(out.get(out.size() - 1));
      }
    }
    return out;
  }

  /** As the gateway sends them: with the metric's canonical unit and the machine's gateway. */
  private static void send(String topic, List<ReferenceWindows.In> readings) throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (ReferenceWindows.In r : readings) {
      Reading reading =
          new Reading(
              r.id(),
              r.site(),
              r.line(),
              r.machine(),
              r.metric(),
              UNITS.get(r.metric()),
              r.value(),
              r.ts(),
              GATEWAYS.get(r.machine()),
              r.ts());
      records.add(
          new ProducerRecord<>(topic, Readings.key(r.machine()), CODEC.encodeReading(reading)));
    }
    Readings.send(kafka, topic, records);
  }

  private static List<ConsumerRecord<byte[], byte[]>> consume(String topic) {
    return kafka.consume(topic, Integer.MAX_VALUE, Duration.ofSeconds(3));
  }

  @SuppressWarnings("unchecked")
  private static List<String> keyOf(ConsumerRecord<byte[], byte[]> r) throws Exception {
    return JSON.readValue(r.key(), List.class);
  }

  private static ReferenceWindows.Key windowKey(JsonNode v) {
    return new ReferenceWindows.Key(
        v.get("site").asText(),
        v.get("line").asText(),
        v.get("machine").asText(),
        v.get("metric").asText(),
        v.get("window").asText(),
        v.get("windowEnd").asLong());
  }

  private static ReferenceWindows.Stats stats(JsonNode v) {
    return new ReferenceWindows.Stats(
        v.get("avg").asDouble(),
        v.get("max").asDouble(),
        v.get("min").asDouble(),
        v.get("count").asLong());
  }

  private static int compare(List<String> a, List<String> b) {
    return String.join("\u0000", a).compareTo(String.join("\u0000", b));
  }

  private static Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(p);
  }
}
