package io.plantwatch.gateway.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
  void aFingerprintRememberedAgainOutlivesItsOlderEntry() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofSeconds(10), 3);
    g.remember(7, 0);
    g.remember(8, 1_000);
    g.remember(7, 12_000); // seen again after the window: a new entry
    assertThat(g.expire(12_500)).isEqualTo(2_500); // forgets (7, 0) and (8, 1000)
    assertThat(g.isDuplicate(7, 13_000)).isTrue();
    assertThat(g.isDuplicate(8, 13_000)).isFalse();
    g.remember(9, 13_000);
    g.remember(10, 13_000);
    g.remember(11, 13_000); // the count bound forgets the oldest: (7, 12000)
    assertThat(g.size()).isEqualTo(3);
    assertThat(g.isDuplicate(7, 13_000)).isFalse();
    assertThat(g.isDuplicate(11, 13_000)).isTrue();
  }

  @Test
  void everyLongIsAFingerprintItCanHold() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofSeconds(10), 2);
    for (long fp : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}) {
      assertThat(g.isDuplicate(fp, 1_000)).isFalse();
      g.remember(fp, 1_000);
      assertThat(g.isDuplicate(fp, 2_000)).as("%d", fp).isTrue();
    }
    assertThat(g.size()).isEqualTo(2);
    assertThat(g.expire(20_000)).isEqualTo(10_000);
    assertThat(g.size()).isZero();
  }

  @Test
  void twoMillionFingerprintsForgetTheirOldestInOrder() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofMinutes(10), 2_000_000);
    for (long i = 0; i < 2_500_000; i++) {
      g.remember(i * 0x9e3779b97f4a7c15L, i / 10);
    }
    assertThat(g.size()).isEqualTo(2_000_000);
    assertThat(g.isDuplicate(499_999 * 0x9e3779b97f4a7c15L, 250_000)).isFalse();
    assertThat(g.isDuplicate(500_000 * 0x9e3779b97f4a7c15L, 250_000)).isTrue();
    assertThat(g.expire(600_000 + 200_000)).isEqualTo(200_000);
    assertThat(g.size()).isEqualTo(500_000);
    assertThat(g.isDuplicate(2_000_000 * 0x9e3779b97f4a7c15L, 250_000)).isTrue();
    assertThat(g.isDuplicate(1_999_999 * 0x9e3779b97f4a7c15L, 250_000)).isFalse();
  }

  @Test
  void restoredFingerprintsCountAsSeen() {
    DuplicateGuard g = new DuplicateGuard(Duration.ofSeconds(10), 100);
    g.remember(42, 1_000); // as MessageIntake restores them from the queue
    assertThat(g.isDuplicate(42, 2_000)).isTrue();
  }
}
