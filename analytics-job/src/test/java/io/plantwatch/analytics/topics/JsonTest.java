package io.plantwatch.analytics.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  @Test
  void valuesWrittenOneAfterTheOtherCarryNothingOfEachOther() {
    assertThat(text(Json.array("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(text(Json.write(g -> g.writeNumber(1.5)))).isEqualTo("1.5");
    assertThat(text(Json.array("é\"x"))).isEqualTo("[\"é\\\"x\"]");
    byte[] object =
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeNumberField("v", 1);
              g.writeEndObject();
            });
    assertThat(text(object)).isEqualTo("{\"v\":1}");
  }

  @Test
  void aValueLeftUnfinishedIsRefusedAndTheNextOneIsWhole() {
    assertThatThrownBy(
            () ->
                Json.write(
                    g -> {
                      g.writeStartObject();
                      g.writeStringField("site", "s");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unfinished");
    assertThat(text(Json.array("a"))).isEqualTo("[\"a\"]");
  }

  @Test
  void aBodyThatFailsLeavesNothingForTheNextValue() {
    assertThatThrownBy(
            () ->
                Json.write(
                    g -> {
                      g.writeStartArray();
                      g.writeString("half");
                      throw new IllegalArgumentException("bad row");
                    }))
        .hasMessage("bad row");
    assertThat(text(Json.array("b"))).isEqualTo("[\"b\"]");
  }

  @Test
  void numbersReadBackAsTheSameDouble() {
    assertThat(text(Json.write(g -> g.writeNumber(0.1 + 0.2)))).isEqualTo("0.30000000000000004");
    assertThat(text(Json.write(g -> g.writeNumber(1.0e-5)))).isEqualTo("1.0E-5");
    // Java 17 writes 1.9999999999999998E23: not the shortest text, but the same double.
    assertThat(Double.parseDouble(text(Json.write(g -> g.writeNumber(2e23))))).isEqualTo(2e23);
  }
}
