package io.plantwatch.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  @Test
  void doublesUpToTheBoundAndResetsOnSuccess() {
    ReconnectBackoff b = new ReconnectBackoff(500, 3000);
    assertThat(b.due(0)).isTrue();
    assertThat(b.failed(0)).isEqualTo(500);
    assertThat(b.due(499)).isFalse();
    assertThat(b.remainingMs(100)).isEqualTo(400);
    assertThat(b.due(500)).isTrue();
    assertThat(b.failed(500)).isEqualTo(1000);
    assertThat(b.failed(1500)).isEqualTo(2000);
    assertThat(b.failed(3500)).isEqualTo(3000);
    assertThat(b.failed(6500)).isEqualTo(3000);
    assertThat(b.failures()).isEqualTo(5);

    b.succeeded();
    assertThat(b.due(6501)).isTrue();
    assertThat(b.failures()).isZero();
    assertThat(b.failed(7000)).isEqualTo(500);
  }

  @Test
  void aLostConnectionWaitsTheInitialDelayBeforeReconnecting() {
    ReconnectBackoff b = new ReconnectBackoff(200, 10_000);
    b.lost(1000);
    assertThat(b.due(1199)).isFalse();
    assertThat(b.due(1200)).isTrue();
    assertThat(b.failed(1200)).isEqualTo(400);
  }

  @Test
  void refusesAnUpperBoundBelowTheInitialDelay() {
    assertThatThrownBy(() -> new ReconnectBackoff(1000, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
