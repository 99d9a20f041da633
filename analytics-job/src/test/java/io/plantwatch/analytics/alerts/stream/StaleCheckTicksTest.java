package io.plantwatch.analytics.alerts.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StaleCheckTicksTest {
  private static final Duration TRIGGER = Duration.ofSeconds(2);

  @Test
  void aQuarterOfStaleAfter() {
    assertThat(StaleCheckTicks.interval(Duration.ofSeconds(30), TRIGGER))
        .isEqualTo(Duration.ofMillis(7_500));
  }

  @Test
  void atMostAMinuteSoTheDefaultTenMinutesAreCheckedEveryMinute() {
    assertThat(StaleCheckTicks.interval(Duration.ofMinutes(10), TRIGGER))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void neverMoreOftenThanOnceASecond() {
    assertThat(StaleCheckTicks.interval(Duration.ofMillis(2), Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void neverMoreOftenThanTheTrigger() {
    assertThat(StaleCheckTicks.interval(Duration.ofSeconds(4), TRIGGER)).isEqualTo(TRIGGER);
  }
}
