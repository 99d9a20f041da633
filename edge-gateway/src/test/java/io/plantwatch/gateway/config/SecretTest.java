package io.plantwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void printsAsItsMaskWhereverItEndsUp() {
    Secret s = Secret.of("hunter2");
    assertThat(s.toString()).isEqualTo("******");
    assertThat("password=" + s).isEqualTo("password=******");
    assertThat(String.format("%s", s)).doesNotContain("hunter2");
    GatewayConfig.Broker b =
        new GatewayConfig.Broker(
            "tcp://h:1",
            "c",
            "u",
            s,
            "",
            "",
            Secret.of("store-pw"),
            "",
            Secret.of("key-pw"),
            Duration.ofDays(1),
            Duration.ofSeconds(30),
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10));
    assertThat(b.toString()).doesNotContain("hunter2", "store-pw", "key-pw").contains("******");
  }

  @Test
  void revealsOnlyWhenAsked() {
    assertThat(Secret.of("hunter2").reveal()).isEqualTo("hunter2");
  }

  @Test
  void noneIsEmptyAndPrintsAsNothing() {
    assertThat(Secret.of(null)).isSameAs(Secret.NONE);
    assertThat(Secret.of("")).isSameAs(Secret.NONE);
    assertThat(Secret.NONE.isEmpty()).isTrue();
    assertThat(Secret.NONE.toString()).isEmpty();
    assertThat(Secret.NONE.reveal()).isEmpty();
  }

  @Test
  void equalByValueWithoutTellingTheValueByItsHash() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    assertThat(Secret.of("a").hashCode()).isEqualTo(Secret.of("b").hashCode());
  }
}
