package io.plantwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfluxdServerIT {
  @RegisterExtension static final InfluxdServer influx = new InfluxdServer();

  @Test
  void writesAndQueriesWithLastWriteWins() throws Exception {
    influx.createDatabase("plantwatch");
    influx.write("plantwatch", "m,machine=a\\ b\\,c v=1 1700000000000\n");
    influx.write("plantwatch", "m,machine=a\\ b\\,c v=2 1700000000000\n");
    JsonNode r = influx.query("plantwatch", "SELECT v FROM m WHERE machine = 'a b,c'");
    JsonNode values = r.path("results").path(0).path("series").path(0).path("values");
    assertThat(values.size()).isEqualTo(1);
    assertThat(values.get(0).get(0).asLong()).isEqualTo(1700000000000L);
    assertThat(values.get(0).get(1).asDouble()).isEqualTo(2.0);
  }

  @Test
  void badQueriesAreReported() throws Exception {
    influx.createDatabase("plantwatch");
    try {
      influx.query("plantwatch", "SELEKT nothing");
      throw new AssertionError("a bad query must fail");
    } catch (java.io.IOException e) {
      assertThat(e.getMessage()).contains("error");
    }
  }
}
