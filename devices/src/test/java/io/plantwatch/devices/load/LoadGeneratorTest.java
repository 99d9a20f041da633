package io.plantwatch.devices.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
  @Test
  void aFaultyPayloadReadsTheOffsetHigherOnTheFirstMetricOnly() throws Exception {
    List<String> metrics = LoadGenerator.metricNames(3);
    ObjectMapper json = new ObjectMapper();
    JsonNode normal =
        json.readTree(new String(LoadGenerator.payload(metrics, 1000, 7), StandardCharsets.UTF_8));
    JsonNode faulty =
        json.readTree(
            new String(LoadGenerator.payload(metrics, 1000, 7, true), StandardCharsets.UTF_8));
    for (String m : metrics) {
      double offset = m.equals("temperature") ? LoadGenerator.FAULT_OFFSET : 0;
      assertThat(faulty.at("/metrics/" + m + "/value").asDouble())
          .as(m)
          .isEqualTo(normal.at("/metrics/" + m + "/value").asDouble() + offset);
    }
    assertThat(normal.at("/metrics/temperature/value").asDouble()).isLessThan(500);
    assertThat(faulty.at("/metrics/temperature/value").asDouble()).isGreaterThan(500);
  }
}
