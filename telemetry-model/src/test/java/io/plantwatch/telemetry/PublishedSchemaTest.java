package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas under docs/schemas are published for device makers; they must match the code.
 */
class PublishedSchemaTest {
  private static final Path SCHEMAS = Path.of("..", "docs", "schemas");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void rejectedRecordSchemaListsEveryReasonCode() throws Exception {
    JsonNode schema = json.readTree(SCHEMAS.resolve("rejected-record.schema.json").toFile());
    List<String> listed = new ArrayList<>();
    schema.at("/properties/reason/enum").forEach(n -> listed.add(n.asText()));
    assertThat(listed)
        .containsExactlyElementsOf(
            Arrays.stream(ReasonCode.values()).map(ReasonCode::wireName).toList());
  }

  @Test
  void envelopeSchemaRequiresEveryReadingField() throws Exception {
    JsonNode schema = json.readTree(SCHEMAS.resolve("uplink-batch.schema.json").toFile());
    List<String> required = new ArrayList<>();
    schema.at("/$defs/reading/required").forEach(n -> required.add(n.asText()));
    List<String> components =
        Arrays.stream(Reading.class.getRecordComponents()).map(c -> c.getName()).toList();
    assertThat(required).containsExactlyElementsOf(components);
    assertThat(schema.at("/properties/v/const").asInt()).isEqualTo(UplinkBatch.CURRENT_VERSION);
  }
}
