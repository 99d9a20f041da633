package io.plantwatch.gateway.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateGuardTest {
  @Test
  void sameReadingWithinTheWindowIsADuplicate() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofSeconds(60), 100);
    long fp = DuplicateGuard.fingerprint("s", "l", "m", "temp", 1000, 71.2);
    assertThat(g.isDuplicate(fp, 0)).isFalse();
    g.remember(fp, 0);
    assertThat(g.isDuplicate(fp, 59_000)).isTrue();
    assertThat(g.isDuplicate(fp, 61_000)).isFalse();
  }

  @Test
  void fingerprintsSeparateFieldsAndValues() {
    long a = DuplicateGuard.fingerprint("ab", "c", "m", "t", 1, 1.0);
    assertThat(DuplicateGuard.fingerprint("a", "bc", "m", "t", 1, 1.0)).isNotEqualTo(a);
    assertThat(DuplicateGuard.fingerprint("ab", "c", "m", "t", 2, 1.0)).isNotEqualTo(a);
    assertThat(DuplicateGuard.fingerprint("ab", "c", "m", "t", 1, 1.0000001)).isNotEqualTo(a);
    assertThat(DuplicateGuard.fingerprint("ab", "c", "m", "t", 1, 1.0)).isEqualTo(a);
  }

  @Test
  void expiryAndCountBoundForgetTheOldest() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofSeconds(10), 2);
    g.remember(1, 0);
    g.remember(2, 5_000);
    g.remember(3, 6_000);
    assertThat(g.size()).isEqualTo(2);
    assertThat(g.isDuplicate(1, 6_000)).isFalse();
    assertThat(g.expire(15_500)).isEqualTo(5_500);
    assertThat(g.isDuplicate(2, 6_000)).isFalse();
    assertThat(g.isDuplicate(3, 6_000)).isTrue();
  }

  @Test
  void restoredFingerprintsCountAsSeen() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofSeconds(10), 100);
    g.restore(List.of(new long[] {42, 1_000}));
    assertThat(g.isDuplicate(42, 2_000)).isTrue();
  }
}
