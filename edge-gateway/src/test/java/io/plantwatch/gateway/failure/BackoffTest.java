package io.plantwatch.gateway.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesUpToTheMaximumWithJitterInTheUpperHalf() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
    assertThat(
            new long[] {
              low.nextDelayMillis(),
              low.nextDelayMillis(),
              low.nextDelayMillis(),
              low.nextDelayMillis(),
              low.nextDelayMillis()
            })
        .containsExactly(50, 100, 200, 400, 500);
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999999);
    assertThat(
            new long[] {
              high.nextDelayMillis(),
              high.nextDelayMillis(),
              high.nextDelayMillis(),
              high.nextDelayMillis(),
              high.nextDelayMillis()
            })
        .containsExactly(99, 199, 399, 799, 999);
  }

  @Test
  void resetStartsOverAndManyAttemptsStayBounded() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 1.0);
    for (int i = 0; i < 100; i++) {
      assertThat(b.nextDelayMillis()).isBetween(50L, 30_000L);
    }
    b.reset();
    assertThat(b.nextDelayMillis()).isEqualTo(100);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
