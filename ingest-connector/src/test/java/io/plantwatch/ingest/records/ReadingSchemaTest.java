package io.plantwatch.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.ingest.TestReadings;
import io.plantwatch.telemetry.Reading;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ReadingSchemaTest {
  private final Reading reading = TestReadings.reading("gw-1", 42, TestReadings.MACHINES.get(0));

  @Test
  void namedAndVersionedWithTimestampsAsLogicalTypes() {
    assertThat(ReadingSchema.SCHEMA.name()).isEqualTo("io.plantwatch.Reading");
    assertThat(ReadingSchema.SCHEMA.version()).isEqualTo(1);
    assertThat(ReadingSchema.SCHEMA.field("ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(ReadingSchema.SCHEMA.field("receivedAt").schema().name())
        .isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(ReadingSchema.SCHEMA.fields())
        .extracting(f -> f.name())
        .containsExactly(
            "id",
            "site",
            "line",
            "machine",
            "metric",
            "unit",
            "value",
            "ts",
            "gateway",
            "receivedAt");
  }

  @Test
  void structRoundTripKeepsEveryField() {
    Struct s = ReadingSchema.toStruct(reading);
    s.validate();
    assertThat(ReadingSchema.fromStruct(s)).isEqualTo(reading);
  }

  @Test
  void schemalessJsonIsTheReadingOfTheWireContract() {
    JsonConverter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "false"), false);
    byte[] bytes = json.fromConnectData("t", ReadingSchema.SCHEMA, ReadingSchema.toStruct(reading));
    assertThat(TestReadings.CODEC.decodeReading(bytes).value()).isEqualTo(reading);
  }

  @Test
  void jsonWithSchemaCarriesNameAndVersionForSchemaAwareConsumers() {
    JsonConverter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "true"), false);
    byte[] bytes = json.fromConnectData("t", ReadingSchema.SCHEMA, ReadingSchema.toStruct(reading));
    SchemaAndValue back = json.toConnectData("t", bytes);
    assertThat(back.schema().name()).isEqualTo(ReadingSchema.NAME);
    assertThat(back.schema().version()).isEqualTo(ReadingSchema.VERSION);
    assertThat(ReadingSchema.fromStruct((Struct) back.value())).isEqualTo(reading);
  }
}
