package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOnOneToHundred() {
    long[] v = new long[100];
    for (int i = 0; i < 100; i++) {
      v[i] = 100 - i; // unsorted on purpose
    }
    Percentiles.Summary s = Percentiles.summarize(v);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50);
    assertThat(s.p95()).isEqualTo(95);
    assertThat(s.p99()).isEqualTo(99);
    assertThat(s.max()).isEqualTo(100);
    assertThat(v[0]).as("the input is not sorted in place").isEqualTo(100);
  }

  @Test
  void smallSamplesTakeTheNextRankUp() {
    long[] sorted = {10, 20, 30};
    assertThat(Percentiles.of(sorted, 50)).isEqualTo(20);
    assertThat(Percentiles.of(sorted, 95)).isEqualTo(30);
    assertThat(Percentiles.of(sorted, 1)).isEqualTo(10);
    assertThat(Percentiles.of(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void emptyIsNaNAndBadPercentilesAreRefused() {
    Percentiles.Summary s = Percentiles.summarize(new long[0]);
    assertThat(s.p50()).isNaN();
    assertThat(s.max()).isNaN();
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
