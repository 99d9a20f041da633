package io.plantwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.telemetry.PayloadFormat;
import org.junit.jupiter.api.Test;

class TopicTemplateTest {
  @Test
  void filterAndOriginOfTheDefaultTemplate() {
    TopicTemplate t =
        TopicTemplate.parse("plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI);
    assertThat(t.filter()).isEqualTo("plant/+/+/+/telemetry");
    assertThat(t.match("plant/Werk Süd/Linie 1, A/Presse=7 \"x\"/telemetry"))
        .isEqualTo(new TopicTemplate.Origin("Werk Süd", "Linie 1, A", "Presse=7 \"x\"", null));
    assertThat(t.match("plant/a/b/c/status")).isNull();
    assertThat(t.match("plant/a/b/telemetry")).isNull();
    assertThat(t.match("plant/a/b/c/d/telemetry")).isNull();
  }

  @Test
  void bareNumberTemplatesNameTheMetric() {
    TopicTemplate t =
        TopicTemplate.parse("{site}/{line}/{machine}/{metric}", PayloadFormat.BARE_NUMBER);
    assertThat(t.filter()).isEqualTo("+/+/+/+");
    assertThat(t.match("s/l/m/temperature").metric()).isEqualTo("temperature");
  }

  @Test
  void badTemplatesAreExplained() {
    assertThat(TopicTemplate.problem("plant/+/{line}/{machine}", PayloadFormat.JSON_MULTI))
        .contains("wildcards");
    assertThat(
            TopicTemplate.problem(
                "plant/{site}/{line}/{machine}/{metric}", PayloadFormat.JSON_MULTI))
        .contains("only for BARE_NUMBER");
    assertThat(TopicTemplate.problem("plant/{site}/{line}/{machine}", PayloadFormat.BARE_NUMBER))
        .contains("{metric}");
    assertThat(TopicTemplate.problem("plant/{site}/{line}", PayloadFormat.JSON_MULTI))
        .contains("{machine}");
    assertThat(
            TopicTemplate.problem("plant/{site}/{line}/{machine}/{site}", PayloadFormat.JSON_MULTI))
        .contains("twice");
    assertThat(
            TopicTemplate.problem(
                "plant/{plant}/{site}/{line}/{machine}", PayloadFormat.JSON_MULTI))
        .contains("unknown placeholder");
  }
}
