package io.plantwatch.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.ingest.TestReadings;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReadingFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ReadingAvroConverterTest {
  private static final Map<String, String> SCHEMALESS = Map.of("schemas.enable", "false");

  private final List<Reading> readings =
      List.of(
          TestReadings.reading("gw-1", 1, TestReadings.MACHINES.get(0)),
          TestReadings.reading("gw-1", 2, "機械 🚀 \\ \" x"),
          new Reading("gw-2-7", "s", "l", "m", "Ps30", "", -0.0, 0L, "gw-2", Long.MAX_VALUE / 2),
          new Reading("gw-2-8", "s", "l", "m", "v", "bar", Double.MIN_VALUE, 1L, "gw-2", 2L));

  private ReadingAvroConverter converter() {
    ReadingAvroConverter c = new ReadingAvroConverter();
    c.configure(SCHEMALESS, false);
    return c;
  }

  /** The bytes are the reading in telemetry-model's schema, read by plain Avro, nothing else. */
  @Test
  void aReadingIsTheAvroBinaryOfTheSharedSchemaAndNothingMore() throws Exception {
    Schema schema = new Schema.Parser().parse(ReadingFormat.avroSchema());
    ReadingAvroConverter c = converter();
    for (Reading r : readings) {
      byte[] bytes =
          c.fromConnectData("telemetry.readings", ReadingSchema.SCHEMA, ReadingSchema.toStruct(r));
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
      GenericRecord read = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
      assertThat(decoder.isEnd()).as("no bytes after the record").isTrue();
      assertThat(
              new Reading(
                  read.get("id").toString(),
                  read.get("site").toString(),
                  read.get("line").toString(),
                  read.get("machine").toString(),
                  read.get("metric").toString(),
                  read.get("unit").toString(),
                  (Double) read.get("value"),
                  (Long) read.get("ts"),
                  read.get("gateway").toString(),
                  (Long) read.get("receivedAt")))
          .isEqualTo(r);
    }
  }

  @Test
  void readingsComeBackAsTheSameStruct() {
    ReadingAvroConverter c = converter();
    for (Reading r : readings) {
      byte[] bytes = c.fromConnectData("t", ReadingSchema.SCHEMA, ReadingSchema.toStruct(r));
      SchemaAndValue back = c.toConnectData("t", bytes);
      assertThat(back.schema()).isEqualTo(ReadingSchema.SCHEMA);
      assertThat(ReadingSchema.fromStruct((Struct) back.value())).isEqualTo(r);
    }
  }

  @Test
  void aBenchReadingTakesLessThanHalfTheBytesOfItsJson() {
    Reading r =
        new Reading(
            "ceiling-123456",
            "site-1",
            "line-1",
            "machine-0042",
            "temperature",
            "degC",
            61.5,
            1_765_000_000_000L,
            "ceiling",
            1_765_000_000_000L);
    JsonConverter json = new JsonConverter();
    json.configure(SCHEMALESS, false);
    int avro =
        converter().fromConnectData("t", ReadingSchema.SCHEMA, ReadingSchema.toStruct(r)).length;
    int text = json.fromConnectData("t", ReadingSchema.SCHEMA, ReadingSchema.toStruct(r)).length;
    assertThat(avro).isLessThan(text / 2);
  }

  /** Statuses (schemaless maps) and rejected payloads (bytes) stay JSON, byte for byte. */
  @Test
  void everyOtherRecordIsWhatJsonConverterWritesWithTheSameSettings() {
    for (Map<String, String> settings : List.of(SCHEMALESS, Map.of("schemas.enable", "true"))) {
      JsonConverter json = new JsonConverter();
      json.configure(settings, false);
      ReadingAvroConverter c = new ReadingAvroConverter();
      c.configure(settings, false);
      Map<String, Object> status = Map.of("v", 1, "gateway", "gw-1", "state", "online");
      byte[] payload = "{not json".getBytes(StandardCharsets.UTF_8);
      assertThat(c.fromConnectData("telemetry.gateway-status", null, status))
          .isEqualTo(json.fromConnectData("telemetry.gateway-status", null, status));
      assertThat(
              c.fromConnectData(
                  "telemetry.rejected", org.apache.kafka.connect.data.Schema.BYTES_SCHEMA, payload))
          .isEqualTo(
              json.fromConnectData(
                  "telemetry.rejected",
                  org.apache.kafka.connect.data.Schema.BYTES_SCHEMA,
                  payload));
      byte[] statusJson = json.fromConnectData("s", null, status);
      assertThat(c.toConnectData("s", statusJson).value())
          .isEqualTo(json.toConnectData("s", statusJson).value());
    }
  }

  @Test
  void aStructThatBreaksTheSchemaIsADataErrorNotAMangledRecord() {
    Struct broken = ReadingSchema.toStruct(readings.get(0));
    Struct unchecked = new Struct(ReadingSchema.SCHEMA);
    for (var f : ReadingSchema.SCHEMA.fields()) {
      if (!f.name().equals("site")) {
        unchecked.put(f, broken.get(f));
      }
    }
    assertThatThrownBy(() -> converter().fromConnectData("t", ReadingSchema.SCHEMA, unchecked))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("cannot be written as Avro");
  }
}
