package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Records that are not usable readings go to the rejected topic with a reason; the job goes on. */
@ExtendWith(StateStoresReleased.class)
class RejectedRecordsIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path checkpoint;

  @Test
  void malformedValuesLandInTheRejectedTopicWithAReasonAndTheQueryKeepsRunning() throws Exception {
    TestJobs.createTopics(kafka, sink, "rej");
    long t = Scenario.T0;
    ReferenceWindows.In plain =
        new ReferenceWindows.In("gw-1", "s1", "l1", "m1", "temp", 1.5, t + 10_000);
    ReferenceWindows.In inEnvelope =
        new ReferenceWindows.In("gw-2", "s1", "l1", "m1", "temp", 2.5, t + 20_000);
    String head =
        "{\"id\":\"x\",\"site\":\"s1\",\"line\":\"l1\",\"machine\":\"m1\",\"metric\":\"temp\",";
    List<String> bad =
        List.of(
            "{not json",
            "",
            head + "\"value\":1.0}",
            head + "\"value\":NaN,\"ts\":" + t + "}",
            head + "\"value\":\"hot\",\"ts\":" + t + "}",
            "{\"id\":\"x\",\"site\":\"s1\",\"line\":\"l1\",\"machine\":\"a\\nb\",\"metric\":\"temp\","
                + "\"value\":1.0,\"ts\":"
                + t
                + "}",
            "42",
            "{\"id\":\"x\",\"site\":\"s1\",\"line\":\"l1\",\"machine\":\"tank\\\\\","
                + "\"metric\":\"temp\",\"value\":1.0,\"ts\":"
                + t
                + "}",
            // An em space: white space only for Unicode-aware patterns.
            head.replace("\"temp\"", "\"temp\u2003\"") + "\"value\":1.0,\"ts\":" + t + "}",
            "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"id\":\"x\",\"site\":\"s1\","
                + "\"line\":\"l1\",\"machine\":\"m1\",\"metric\":\"temp\",\"ts\":"
                + t
                + "}}");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    records.add(new ProducerRecord<>("rej.readings", Readings.key("m1"), Readings.plain(plain)));
    for (String b : bad) {
      records.add(new ProducerRecord<>("rej.readings", Readings.key("m1"), utf8(b)));
    }
    records.add(
        new ProducerRecord<>("rej.readings", Readings.key("m1"), Readings.envelope(inEnvelope)));

    try (RunningJob job =
        AnalyticsJob.start(
            LocalSpark.session(),
            TestJobs.config(TestJobs.settings(kafka, sink, "rej", checkpoint)))) {
      Readings.send(kafka, "rej.readings", records);
      job.processAllAvailable();

      List<ConsumerRecord<byte[], byte[]>> rejected =
          kafka.consume("rej.rejected", bad.size(), Duration.ofSeconds(60));
      assertThat(rejected)
          .extracting(r -> header(r, "reason"))
          .containsExactly(
              "malformed_json",
              "empty_payload",
              "missing_field",
              "non_finite_value",
              "wrong_type",
              "invalid_identifier",
              "wrong_type",
              "invalid_identifier",
              "invalid_identifier",
              "missing_field");
      List<JsonNode> values = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : rejected) {
        values.add(JSON.readTree(r.value()));
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("m1");
      }
      assertThat(values)
          .extracting(v -> v.get("detail").asText())
          .containsExactly(
              "the value is not JSON (if the connector's value.converter is ReadingAvroConverter,"
                  + " set plantwatch.readings.format=avro)",
              "the value is empty",
              "field 'ts' is missing",
              "value is not a finite number: NaN",
              values.get(4).get("detail").asText(),
              "machine contains control character U+000A",
              values.get(6).get("detail").asText(),
              "machine has a backslash at its end or before a comma, = or space, which InfluxDB"
                  + " line protocol cannot carry",
              "metric has leading or trailing white space",
              "field 'value' is missing");
      assertThat(values.get(4).get("detail").asText())
          .startsWith("the JSON is not a reading object or a field has the wrong type");
      JsonNode first = values.get(0);
      assertThat(first.get("v").asInt()).isEqualTo(1);
      assertThat(first.get("source").asText()).isEqualTo("analytics-job");
      assertThat(first.get("topic").asText()).isEqualTo("rej.readings");
      assertThat(first.get("offset").asLong()).isEqualTo(1);
      assertThat(first.get("payload").asText()).isEqualTo("{not json");
      assertThat(first.get("size").asInt()).isEqualTo(9);
      assertThat(first.get("truncated").asBoolean()).isFalse();
      assertThat(values)
          .extracting(v -> v.get("offset").asLong())
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

      for (StreamingQuery q : job.queries()) {
        assertThat(q.isActive()).as(q.name()).isTrue();
        assertThat(q.exception().isEmpty()).as(q.name()).isTrue();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(job.progress().totals(AnalyticsJob.WINDOWS_QUERY).rejectedRows())
                      .isEqualTo(bad.size()));
    }

    // Both valid readings, plain and in the envelope, before and after the bad ones, count.
    ReferenceWindows reference =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m")
            .phase(List.of(plain, inEnvelope));
    assertThat(sink.influxdWindows("rej", "machine_window_stats")).isEqualTo(reference.windows());
    assertThat(reference.windows().values()).allMatch(s -> s.count() == 2 && s.avg() == 2.0);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
