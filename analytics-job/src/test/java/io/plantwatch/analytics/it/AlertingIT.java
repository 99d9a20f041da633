package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.alerts.AlertPipeline;
import io.plantwatch.analytics.alerts.stream.AlertQuery;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.KafkaCluster;
import io.plantwatch.testsupport.SmtpServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alerting end to end on local Spark, in-JVM Kafka, influxd and GreenMail: a threshold rule with
 * {@code for: 2} and hysteresis, and a trend rule, fire and resolve at exactly the windows worked
 * out by hand below; the job is stopped between FIRING and RESOLVED and restarted from its
 * checkpoint without a mail sent twice; a machine that goes silent while FIRING behind a gateway
 * whose status says offline turns STALE with the gateway blamed; a rule on a window's maximum mails
 * while its window is still filling, and once.
 */
class AlertingIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();
  @RegisterExtension static final SmtpServer smtp = new SmtpServer();

  static final ObjectMapper JSON = new ObjectMapper();
  static final BatchCodec CODEC = new BatchCodec();
  static final long T0 = Instant.parse("2024-06-03T08:00:00Z").toEpochMilli();
  static final long MIN = 60_000;

  static final String RULES =
      """
      version: 1
      rules:
        - name: vib-high
          type: threshold
          metric: vibration
          window: 1m
          statistic: avg
          operator: ">"
          threshold: 4.5
          clear: 4.0
          for: 2
          severity: warning
          description: Vibration above ISO 10816-3 zone B/C.
        - name: pressure-peak
          type: threshold
          metric: pressure
          window: 1m
          statistic: max
          operator: ">"
          threshold: 9
          clear: 8
          severity: critical
          description: Hydraulic pressure peak.
        - name: temp-trend
          type: trend
          metric: temperature
          window: 1m
          statistic: avg
          points: 4
          direction: rising
          limit: 100
          horizon: 10m
          for: 1
          severity: critical
          description: Bearing temperature heading for 100 degC.
      """;

  private final List<Reading> sent = new ArrayList<>();

  @Test
  void rulesFireAndResolveAtTheHandComputedWindowsAcrossARestartWithEachMailOnce()
      throws Exception {
    SparkSession spark = LocalSpark.session();
    Path dir = Files.createTempDirectory(Path.of("target"), "alerting-it-");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    Path checkpoint = dir.resolve("checkpoint");
    Path outbox = dir.resolve("outbox");
    TestJobs.createTopics(kafka, sink, "alerting");
    kafka.createTopic("alerting.alerts", 1);
    kafka.createTopic("alerting.status", 1);
    Map<String, String> settings = TestJobs.settings(kafka, sink, "alerting", checkpoint);
    settings.put("plantwatch.alerts.watermark", "1s");
    settings.put("plantwatch.alerts.trigger", "700ms");
    settings.put("plantwatch.alerts.rules", rules.toString());
    settings.put("plantwatch.alerts.topic", "alerting.alerts");
    settings.put("plantwatch.alerts.gatewayStatusTopic", "alerting.status");
    settings.put("plantwatch.alerts.staleAfter", "45s");
    settings.put("plantwatch.alerts.smtp.host", smtp.host());
    settings.put("plantwatch.alerts.smtp.port", Integer.toString(smtp.port()));
    settings.put("plantwatch.alerts.mail.to", "crew@plant.example");
    settings.put("plantwatch.alerts.mail.digestAbove", "10");
    settings.put("plantwatch.alerts.outbox", outbox.toString());
    settings.put("plantwatch.alerts.grafanaUrl", "http://grafana.plant.example:3000");

    // press-1 vibration, window avgs by minute: 3.0, 5.0, 5.5 | 4.2, 3.8, 3.0
    //   m1 breaches (PENDING at T0+2m), m2 again (FIRING at T0+3m, for: 2), m3 4.2 is above the
    //   clear level 4.0 (still FIRING: hysteresis), m4 3.8 clears (RESOLVED at T0+5m).
    // press-1 temperature avgs: 60, 60, 60 | 60, 70, 80, 60; trend over the last 4 windows:
    //   at m4 slope 3/min, fitted 67, 11 min to 100 > 10 min horizon: clear; at m5 slope 7/min,
    //   fitted 78, 22/7 min to 100: FIRING at T0+6m; at m6 slope 1/min, 31 min: RESOLVED at T0+7m.
    // press-2 (behind gw-2) vibration 6.0, 6.0: PENDING at T0+1m, FIRING at T0+2m; then silent.
    double[][] vib = {{2.5, 3.5}, {4.0, 6.0}, {5.5, 5.5}, {4.0, 4.4}, {3.6, 4.0}, {3.0, 3.0}};
    double[] temp = {60, 60, 60, 60, 70, 80, 60};
    JobPools pools = new JobPools();
    spark.sparkContext().addSparkListener(pools);
    try (RunningJob job = AnalyticsJob.start(spark, TestJobs.config(settings))) {
      for (int m = 0; m < 3; m++) {
        minute("press-1", "gw-1", "vibration", m, vib[m]);
        minute("press-1", "gw-1", "temperature", m, new double[] {temp[m]});
      }
      minute("press-2", "gw-2", "vibration", 0, new double[] {6.0});
      minute("press-2", "gw-2", "vibration", 1, new double[] {6.0});
      flush(3);
      // press-3's pressure peaks at 3m02.5s: its window [3m, 4m) is final for the rules only once
      // readings reach 4m01s, which none does before the restart.
      at("press-3", "gw-1", "pressure", 3, 2_500, new double[] {9.5});
      send(
          "alerting.status",
          "{\"v\":1,\"gateway\":\"gw-2\",\"state\":\"offline\",\"ts\":" + T0 + "}");
      // press-2 turns STALE 45 s of processing time after its FIRING: on a loaded machine that
      // can come before press-3's FIRING, so its mail is the one other mail allowed here. (Its
      // event's time is computed from its last window, so the end cannot tell when it came.)
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> firing(subjects(smtp.messages())).size() >= 3);
      List<String> firing = firing(subjects(smtp.messages()));
      assertThat(firing).hasSize(3);
      assertThat(firing).filteredOn(s -> s.contains("vib-high")).hasSize(2);
      assertThat(firing)
          .filteredOn(s -> s.contains("pressure-peak") && s.contains("press-3"))
          .hasSize(1);
      assertThat(subjects(smtp.messages()))
          .filteredOn(s -> !s.contains("FIRING"))
          .allSatisfy(s -> assertThat(s).contains("NO DATA").contains("press-2"));
      // The alert queries' jobs run in their own scheduler pool, so that under FAIR scheduling
      // they do not queue behind a windows batch; the windows query stays in the default pool.
      for (StreamingQuery q : job.queries()) {
        String runId = q.runId().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> pools.of(runId).size() > 0);
        if (q.name().startsWith(AlertQuery.PREFIX)) {
          assertThat(pools.of(runId)).as(q.name()).containsOnly(AlertPipeline.POOL);
        } else {
          assertThat(pools.of(runId)).as(q.name()).doesNotContain(AlertPipeline.POOL);
        }
      }
    } finally {
      spark.sparkContext().removeSparkListener(pools);
    }

    // Restarted from the checkpoint: press-1's vib-high is FIRING in the restored state.
    try (RunningJob job = AnalyticsJob.start(spark, TestJobs.config(settings))) {
      for (int m = 3; m < 7; m++) {
        if (m < vib.length) {
          minute("press-1", "gw-1", "vibration", m, vib[m]);
        }
        minute("press-1", "gw-1", "temperature", m, new double[] {temp[m]});
        if (m == 3) {
          // Between press-1's minutes 3 and 4: read with or after minute 3's readings (which its
          // 4m30s would otherwise make late for the rules, their watermark being 1 s behind the
          // newest reading of any machine), and before minute 5's, which would make it late.
          minute("press-3", "gw-1", "pressure", 4, new double[] {1.0});
        }
      }
      flush(7);
      // The silent press-2 turns STALE 45 s after its last window, blaming its offline gateway;
      // press-1, sending again after the restart, does not.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(events())
                      .containsKeys("press-1 temp-trend RESOLVED", "press-2 vib-high STALE"));
      job.processAllAvailable();
      // Nothing more comes: the alert query runs a batch for its STALE deadlines only on a tick
      // (every 11.25 s with staleAfter 45 s), not every 500 ms trigger as Spark would for them
      // (11 batches in these 6 s). The bound leaves room for a batch under way and for Spark's
      // idle progress report, which carries the next batch's id.
      StreamingQuery judgedQuery = job.query(AlertQuery.JUDGED);
      // Its interval is its own (plantwatch.alerts.trigger), not the windows query's 500 ms.
      assertThat(((StreamingQueryWrapper) judgedQuery).streamingQuery().trigger())
          .isEqualTo(Trigger.ProcessingTime(700));
      long batchesBefore = judgedQuery.lastProgress().batchId();
      Thread.sleep(6_000); // also: a mail sent twice would arrive now
      assertThat(judgedQuery.lastProgress().batchId() - batchesBefore)
          .as("alert query batches in 6 idle seconds")
          .isLessThanOrEqualTo(3);
    }

    Map<String, JsonNode> events = events();
    Map<String, Long> at = new TreeMap<>();
    events.forEach((k, v) -> at.put(k, v.get("at").asLong()));
    assertThat(at)
        .isEqualTo(
            Map.of(
                "press-1 vib-high PENDING", T0 + 2 * MIN,
                "press-1 vib-high FIRING", T0 + 3 * MIN,
                "press-1 vib-high RESOLVED", T0 + 5 * MIN,
                "press-1 temp-trend FIRING", T0 + 6 * MIN,
                "press-1 temp-trend RESOLVED", T0 + 7 * MIN,
                "press-2 vib-high PENDING", T0 + MIN,
                "press-2 vib-high FIRING", T0 + 2 * MIN,
                "press-2 vib-high STALE", T0 + 2 * MIN + 45_000,
                "press-3 pressure-peak FIRING", T0 + 4 * MIN,
                "press-3 pressure-peak RESOLVED", T0 + 5 * MIN));
    // Fired on the window still filling: its final judgement after the restart changed nothing.
    JsonNode peak = events.get("press-3 pressure-peak FIRING");
    assertThat(peak.get("value").asDouble()).isEqualTo(9.5);
    assertThat(peak.get("message").asText())
        .isEqualTo("window still filling; pressure max 9.5 > 9 (clear at 8, 1 window)");
    JsonNode firing = events.get("press-1 vib-high FIRING");
    assertThat(firing.get("value").asDouble()).isEqualTo(5.5);
    assertThat(firing.get("threshold").asDouble()).isEqualTo(4.5);
    assertThat(firing.get("gateway").asText()).isEqualTo("gw-1");
    JsonNode trend = events.get("press-1 temp-trend FIRING");
    assertThat(trend.get("value").asDouble()).isCloseTo(78.0, within(1e-9));
    assertThat(trend.get("forecast_minutes").asDouble()).isCloseTo(22.0 / 7, within(1e-9));
    assertThat(events.get("press-2 vib-high STALE").get("message").asText())
        .startsWith("gateway gw-2 is offline");

    // One mail per FIRING and RESOLVED, and the STALE of an alert that was FIRING: eight, none
    // twice.
    List<String> subjects = subjects(smtp.messages());
    assertThat(subjects).hasSize(8).doesNotHaveDuplicates();
    assertThat(subjects).filteredOn(s -> s.contains("press-2") && s.contains("NO DATA")).hasSize(1);
    String body =
        new String(smtp.messages().get(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(body).isNotEmpty();

    // The same transitions as Grafana annotations in maintenance_alerts.
    JsonNode r =
        sink.query(
            "alerting",
            "SELECT \"state\",\"value\" FROM \"maintenance_alerts\" WHERE \"machine\"='press-1'"
                + " AND \"rule\"='vib-high'");
    List<String> states = new ArrayList<>();
    for (JsonNode v : r.path("results").path(0).path("series").path(0).path("values")) {
      states.add(v.get(1).asText());
    }
    assertThat(states).containsExactly("PENDING", "FIRING", "RESOLVED");
  }

  /** One minute of a metric: the values 30 s, 40 s, … into the minute. */
  private void minute(String machine, String gateway, String metric, int m, double[] values)
      throws Exception {
    at(machine, gateway, metric, m, 30_000, values);
  }

  private void at(
      String machine, String gateway, String metric, int m, long offset, double[] values)
      throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      long ts = T0 + m * MIN + offset + i * 10_000L;
      Reading r =
          new Reading(
              machine + "-" + metric + "-" + m + "-" + i,
              "north",
              "line-1",
              machine,
              metric,
              "",
              values[i],
              ts,
              gateway,
              ts);
      sent.add(r);
      records.add(
          new ProducerRecord<>(
              "alerting.readings",
              machine.getBytes(StandardCharsets.UTF_8),
              CODEC.encodeReading(r)));
    }
    Readings.send(kafka, "alerting.readings", records);
  }

  /**
   * A reading of another machine 2 s into minute {@code m}: with the 1 s watermark delay, windows
   * up to minute {@code m} close, and minute {@code m}'s own readings (from 30 s on) are not late.
   */
  private void flush(int m) throws Exception {
    at("flush", "gw-9", "vibration", m, 2_000, new double[] {0});
    at("flush", "gw-9", "temperature", m, 2_000, new double[] {0});
  }

  private static void send(String topic, String value) throws Exception {
    Readings.send(
        kafka,
        topic,
        List.of(new ProducerRecord<>(topic, null, value.getBytes(StandardCharsets.UTF_8))));
  }

  /** Alert events on Kafka by "machine rule STATE"; a replayed batch's repeats share an id. */
  private static Map<String, JsonNode> events() throws Exception {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> rec :
        kafka.consume("alerting.alerts", Integer.MAX_VALUE, Duration.ofSeconds(2))) {
      JsonNode n = JSON.readTree(rec.value());
      byId.put(n.get("id").asText(), n);
    }
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode n : byId.values()) {
      String k =
          n.get("machine").asText() + " " + n.get("rule").asText() + " " + n.get("state").asText();
      assertThat(out).as("one event per transition: %s", k).doesNotContainKey(k);
      out.put(k, n);
    }
    return out;
  }

  private static List<String> subjects(List<MimeMessage> mails) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mails) {
      out.add(m.getSubject());
    }
    return out;
  }

  private static List<String> firing(List<String> subjects) {
    return subjects.stream().filter(s -> s.contains("FIRING")).toList();
  }

  /** The scheduler pools Spark's jobs ran in, by job group (a streaming query's run id). */
  private static final class JobPools extends SparkListener {
    private final Map<String, java.util.Set<String>> byGroup =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart event) {
      java.util.Properties p = event.properties();
      String group = p == null ? null : p.getProperty("spark.jobGroup.id");
      if (group != null) {
        byGroup
            .computeIfAbsent(group, g -> java.util.concurrent.ConcurrentHashMap.newKeySet())
            .add(p.getProperty("spark.scheduler.pool", "default"));
      }
    }

    java.util.Set<String> of(String group) {
      return byGroup.getOrDefault(group, java.util.Set.of());
    }
  }
}
