package io.plantwatch.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.it.KafkaRecords;
import io.plantwatch.analytics.rejects.RejectedRecords;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReadingFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@code plantwatch.readings.format=avro}: the parse step reads the Avro binary of
 * telemetry-model's schema (written here by plain Avro, as the connector's converter writes it)
 * into the same rows as the same readings in JSON, and rejects what is not one reading with a
 * reason and the original bytes.
 */
class AvroReadingsTest {
  private static final Schema AVRO = new Schema.Parser().parse(ReadingFormat.avroSchema());

  private final ObjectMapper mapper = new ObjectMapper();

  private final List<Reading> readings =
      List.of(
          reading(
              "gw-1-1", "press 7, \"west\" = ü", "temperature", "degC", 61.25, 1_765_000_000_123L),
          reading("gw-1-2", "機械 🚀 x", "Ps30", "", -0.0, 0L),
          reading("gw-1-3", "lathe-1", "vibration", "mm/s", Double.MIN_VALUE, 1L),
          reading("gw-1-4", "lathe-1", "vibration", "mm/s", -1.5e300, 4_102_444_800_000L));

  @Test
  void avroReadingsBecomeTheSameRowsAsTheirJson() throws IOException {
    BatchCodec codec = new BatchCodec();
    List<byte[]> asJson = readings.stream().map(codec::encodeReading).toList();
    List<byte[]> asAvro = new ArrayList<>();
    for (Reading r : readings) {
      asAvro.add(avro(r));
    }

    List<String> fromJson =
        rows(ReadingParser.classified(KafkaRecords.of(asJson), ReadingFormat.JSON, 100));
    List<String> fromAvro =
        rows(ReadingParser.classified(KafkaRecords.of(asAvro), ReadingFormat.AVRO, 100));

    assertThat(fromAvro).hasSize(readings.size()).isEqualTo(fromJson);
    assertThat(fromAvro).allSatisfy(r -> assertThat(r).endsWith("|null"));
    assertThat(ReadingParser.valid(KafkaRecords.of(asAvro), ReadingFormat.AVRO).count())
        .isEqualTo(readings.size());
  }

  @Test
  void whatIsNotOneAvroReadingIsRejectedWithItsReasonAndItsBytes() throws IOException {
    byte[] good = avro(readings.get(0));
    byte[] json = new BatchCodec().encodeReading(readings.get(0));
    byte[] truncated = Arrays.copyOf(good, good.length - 5);
    byte[] nan = avro("gw-1-9", "m", "t", "", Double.NaN, 5L);
    byte[] control = avro("gw-1-10", "m\u0001", "t", "", 1.0, 5L);
    List<byte[]> values = Arrays.asList(new byte[0], null, json, truncated, nan, control, good);

    List<Row> rows =
        ReadingParser.classified(KafkaRecords.of(values), ReadingFormat.AVRO, 8)
            .orderBy("rejectOffset")
            .filter("reason IS NOT NULL")
            .collectAsList();

    assertThat(rows)
        .extracting(r -> r.<String>getAs("reason"))
        .containsExactly(
            "empty_payload",
            "empty_payload",
            "malformed_avro",
            "malformed_avro",
            "non_finite_value",
            "invalid_identifier");
    JsonNode malformed = mapper.readTree(rows.get(2).<String>getAs(RejectedRecords.VALUE));
    assertThat(malformed.get("detail").asText())
        .as("a JSON reading in an Avro topic names the mismatch")
        .contains("the value is JSON")
        .contains("plantwatch.readings.format=json");
    JsonNode cut = mapper.readTree(rows.get(3).<String>getAs(RejectedRecords.VALUE));
    assertThat(cut.get("detail").asText()).startsWith("the value is not the Avro binary");
    assertThat(malformed.get("offset").asLong()).isEqualTo(2);
    assertThat(malformed.get("size").asInt()).isEqualTo(json.length);
    assertThat(malformed.get("truncated").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(malformed.get("payloadBase64").asText()))
        .isEqualTo(Arrays.copyOf(json, 8));
    assertThat(malformed.has("payload")).isFalse();
    JsonNode identifier = mapper.readTree(rows.get(5).<String>getAs(RejectedRecords.VALUE));
    assertThat(identifier.get("detail").asText()).contains("machine").contains("control character");
    assertThat(ReadingParser.valid(KafkaRecords.of(values), ReadingFormat.AVRO).collectAsList())
        .extracting(r -> r.<String>getAs("id"))
        .containsExactly("gw-1-1");
  }

  private static Reading reading(
      String id, String machine, String metric, String unit, double value, long ts) {
    return new Reading(id, "site A", "line 1", machine, metric, unit, value, ts, "gw-1", ts + 500);
  }

  private static byte[] avro(Reading r) throws IOException {
    return avro(r.id(), r.machine(), r.metric(), r.unit(), r.value(), r.ts());
  }

  /** Not through {@code Reading}: a NaN or a control character must still reach the job. */
  private static byte[] avro(
      String id, String machine, String metric, String unit, double value, long ts)
      throws IOException {
    GenericRecord record = new GenericData.Record(AVRO);
    record.put("id", id);
    record.put("site", "site A");
    record.put("line", "line 1");
    record.put("machine", machine);
    record.put("metric", metric);
    record.put("unit", unit);
    record.put("value", value);
    record.put("ts", ts);
    record.put("gateway", "gw-1");
    record.put("receivedAt", ts + 500);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(AVRO).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static List<String> rows(Dataset<Row> classified) {
    return classified
        .selectExpr(
            "concat_ws('|', id, site, line, machine, metric, unit, cast(value AS string),"
                + " cast(unix_micros(eventTime) AS string), gateway, coalesce(reason, 'null'))")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }
}
