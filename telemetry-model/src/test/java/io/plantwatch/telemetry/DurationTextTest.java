package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void oneGrammarForEveryModule() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse(" 30S ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(DurationText.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void whatItCannotReadIsSaid() {
    assertThatThrownBy(() -> DurationText.parse("ten minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'ten minutes' is not a duration like 500ms, 10s, 5m, 1h or 1d (or ISO-8601: PT10S)");
    assertThatThrownBy(() -> DurationText.parse("PT-5S"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'PT-5S' is negative");
    assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatIsTheShortestTextThatReadsBack() {
    for (Duration d :
        new Duration[] {
          Duration.ZERO,
          Duration.ofMillis(1500),
          Duration.ofSeconds(90),
          Duration.ofMinutes(5),
          Duration.ofHours(2),
          Duration.ofDays(7)
        }) {
      assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }
    assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("5m");
  }
}
