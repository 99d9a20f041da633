package io.plantwatch.analytics.topics;

import static io.plantwatch.analytics.windows.SinkRows.internal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.windows.SinkRows;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The records of contract 4b: keys as JSON arrays, values with the contract's field names. */
class ComputedRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SITE = "Werk \"Süd\", Halle=3";
  private static final String LINE = "line\\1 <b>";
  private static final String MACHINE = "<script>alert('x')</script> 炉 🚀";

  @Test
  void aWindowIsKeyedByItsIdentifiersAndSpecAndCarriesEveryFigure() throws Exception {
    StructType schema =
        SinkRows.WINDOW.add("unit", DataTypes.StringType).add("gateway", DataTypes.StringType);
    Row row =
        new GenericRowWithSchema(
            new Object[] {
              SITE,
              LINE,
              MACHINE,
              "temp, °C",
              "5m/1m",
              new Timestamp(1_717_401_600_000L),
              0.1 + 0.2,
              80.0,
              -1e-300,
              30L,
              "degC",
              null
            },
            schema);
    WindowRecords records = new WindowRecords(schema);

    assertThat(JSON.readValue(records.key(internal(row)), List.class))
        .containsExactly(SITE, LINE, MACHINE, "temp, °C", "5m/1m");
    assertThat(new String(records.key(internal(row)), StandardCharsets.UTF_8))
        .doesNotContain(" ,")
        .startsWith("[\"Werk \\\"Süd\\\", Halle=3\",");
    JsonNode v = JSON.readTree(records.value(internal(row)));
    assertThat(v.get("v").asInt()).isEqualTo(1);
    assertThat(v.get("site").asText()).isEqualTo(SITE);
    assertThat(v.get("line").asText()).isEqualTo(LINE);
    assertThat(v.get("machine").asText()).isEqualTo(MACHINE);
    assertThat(v.get("metric").asText()).isEqualTo("temp, °C");
    assertThat(v.get("unit").asText()).isEqualTo("degC");
    assertThat(v.get("window").asText()).isEqualTo("5m/1m");
    assertThat(v.get("windowStart").asLong()).isEqualTo(1_717_401_600_000L - 300_000);
    assertThat(v.get("windowEnd").asLong()).isEqualTo(1_717_401_600_000L);
    // Doubles round-trip to the last bit.
    assertThat(v.get("avg").asDouble()).isEqualTo(0.1 + 0.2);
    assertThat(v.get("max").asDouble()).isEqualTo(80.0);
    assertThat(v.get("min").asDouble()).isEqualTo(-1e-300);
    assertThat(v.get("count").isIntegralNumber()).isTrue();
    assertThat(v.get("count").asLong()).isEqualTo(30);
    assertThat(v.get("gateway").isTextual()).as("absent gateway: an empty text").isTrue();
    assertThat(v.get("gateway").asText()).isEmpty();
  }

  @Test
  void onlyAWindowStillFillingHandedToTheRulesIsMarkedEarly() throws Exception {
    StructType schema = SinkRows.WINDOW.add("judged", DataTypes.BooleanType);
    WindowRecords records = new WindowRecords(schema);
    java.util.Map<Boolean, JsonNode> values = new java.util.HashMap<>();
    for (Boolean judged : new Boolean[] {null, true, false}) {
      Row row =
          new GenericRowWithSchema(
              new Object[] {
                "s", "l", "m", "t", "1m/10s", new Timestamp(60_000), 1.0, 2.0, 0.5, 3L, judged
              },
              schema);
      values.put(judged, JSON.readTree(records.value(internal(row))));
    }
    assertThat(values.get(false).get(WindowRecords.EARLY).asBoolean()).isTrue();
    assertThat(values.get(true).has(WindowRecords.EARLY)).isFalse();
    assertThat(values.get(null).has(WindowRecords.EARLY)).isFalse();
    // Otherwise the same record.
    ((com.fasterxml.jackson.databind.node.ObjectNode) values.get(false))
        .remove(WindowRecords.EARLY);
    assertThat(values.get(false)).isEqualTo(values.get(true)).isEqualTo(values.get(null));
  }

  @Test
  void rowsSparkRefillsInPlaceBecomeTheirOwnRecords() throws Exception {
    WindowRecords records = new WindowRecords(SinkRows.WINDOW);
    java.util.function.Function<Row, org.apache.spark.sql.catalyst.InternalRow> reused =
        SinkRows.reusedRow(SinkRows.WINDOW);
    long end = 1_717_401_600_000L;
    // Machines of different lengths move the label within the row's buffer.
    String[] machines = {"m", "press 7", "m", "a much longer machine name", ""};
    String[] labels = {"5m/1m", "1m/10s", "5m/1m", "1h/5m", "1m/10s"};
    long[] lengths = {300_000, 60_000, 300_000, 3_600_000, 60_000};
    for (int i = 0; i < labels.length; i++) {
      Row row =
          new GenericRowWithSchema(
              new Object[] {
                "s", "l", machines[i], "t", labels[i], new Timestamp(end), 1.0 * i, 2.0, 0.5, 3L
              },
              SinkRows.WINDOW);
      org.apache.spark.sql.catalyst.InternalRow internal = reused.apply(row);
      assertThat(JSON.readValue(records.key(internal), List.class))
          .containsExactly("s", "l", machines[i], "t", labels[i]);
      JsonNode v = JSON.readTree(records.value(internal));
      assertThat(v.get("window").asText()).isEqualTo(labels[i]);
      assertThat(v.get("machine").asText()).isEqualTo(machines[i]);
      assertThat(v.get("avg").asDouble()).isEqualTo(1.0 * i);
      assertThat(v.get("windowStart").asLong()).as(labels[i]).isEqualTo(end - lengths[i]);
    }
  }

  @Test
  void everyDoubleOfAWindowReadsBackAsTheSameDouble() throws Exception {
    WindowRecords records = new WindowRecords(SinkRows.WINDOW);
    java.util.Random random = new java.util.Random(42);
    double[] edges = {2e23, 1e23, 5e-324, Double.MAX_VALUE, -0.0, 1.0E-5, 0.001, 1e7, 9.999999e6};
    for (int i = 0; i < 20_000; i++) {
      double avg = i < edges.length ? edges[i] : Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(avg)) {
        continue;
      }
      double max = random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      double min = random.nextInt(100_000) / 8.0 - 5_000;
      Row row =
          new GenericRowWithSchema(
              new Object[] {"s", "l", "m", "t", "1m/10s", new Timestamp(0), avg, max, min, 1L},
              SinkRows.WINDOW);
      JsonNode v = JSON.readTree(records.value(internal(row)));
      assertThat(v.get("avg").asDouble()).as("avg %s", avg).isEqualTo(avg);
      assertThat(v.get("max").asDouble()).as("max %s", max).isEqualTo(max);
      assertThat(v.get("min").asDouble()).as("min %s", min).isEqualTo(min);
    }
  }

  @Test
  void aHealthScoreIsKeyedByItsMachine() throws Exception {
    StructType schema =
        new StructType()
            .add("site", DataTypes.StringType)
            .add("line", DataTypes.StringType)
            .add("machine", DataTypes.StringType)
            .add("windowEnd", DataTypes.LongType)
            .add("rul_cycles", DataTypes.DoubleType)
            .add("rul_low", DataTypes.DoubleType)
            .add("rul_high", DataTypes.DoubleType);
    Row row =
        new GenericRowWithSchema(
            new Object[] {SITE, LINE, MACHINE, 1_717_401_660_000L, 87.5, 70.25, 104.75}, schema);
    HealthRecords records = new HealthRecords("rul-fd001");
    assertThat(JSON.readValue(records.key(row), List.class)).containsExactly(SITE, LINE, MACHINE);
    JsonNode v = JSON.readTree(records.value(row));
    assertThat(v.get("v").asInt()).isEqualTo(1);
    assertThat(v.get("site").asText()).isEqualTo(SITE);
    assertThat(v.get("line").asText()).isEqualTo(LINE);
    assertThat(v.get("machine").asText()).isEqualTo(MACHINE);
    assertThat(v.get("model").asText()).isEqualTo("rul-fd001");
    assertThat(v.get("at").asLong()).isEqualTo(1_717_401_660_000L);
    assertThat(v.get("rul").asDouble()).isEqualTo(87.5);
    assertThat(v.get("low").asDouble()).isEqualTo(70.25);
    assertThat(v.get("high").asDouble()).isEqualTo(104.75);
  }

  @Test
  void kafkaFailuresAreClassifiedInOnePlace() {
    assertThat(KafkaFailure.classify(new NotEnoughReplicasException("x")))
        .isEqualTo(KafkaFailure.RETRIABLE);
    assertThat(KafkaFailure.classify(new org.apache.kafka.common.errors.TimeoutException("x")))
        .isEqualTo(KafkaFailure.RETRIABLE);
    assertThat(
            KafkaFailure.classify(
                new java.util.concurrent.ExecutionException(
                    new org.apache.kafka.common.errors.TimeoutException("x"))))
        .isEqualTo(KafkaFailure.RETRIABLE);
    assertThat(KafkaFailure.classify(new TopicAuthorizationException("x")))
        .isEqualTo(KafkaFailure.FATAL);
    assertThat(KafkaFailure.classify(new RecordTooLargeException("x")))
        .isEqualTo(KafkaFailure.FATAL);
    assertThat(KafkaFailure.classify(new IllegalStateException("a bug")))
        .isEqualTo(KafkaFailure.FATAL);
  }
}
