package io.plantwatch.gateway.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private static final Failure BUSY =
      new Failure(Failure.Source.QUEUE, Failure.Verdict.TRANSIENT, "busy");
  private static final Failure FULL =
      new Failure(Failure.Source.QUEUE, Failure.Verdict.OPERATOR, "disk full");
  private static final Failure CORRUPT =
      new Failure(Failure.Source.QUEUE, Failure.Verdict.FATAL, "corrupt");

  private static RetryBudget budget(int maxRetries) {
    return new RetryBudget(
        maxRetries, new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), () -> 0.999999));
  }

  @Test
  void retriesWithBackoffUntilTheBudgetIsSpent() {
    RetryBudget b = budget(3);
    assertThat(new long[] {b.delayAfter(BUSY), b.delayAfter(FULL), b.delayAfter(BUSY)})
        .containsExactly(99, 199, 399);
    assertThat(b.delayAfter(BUSY)).isEqualTo(-1);
    assertThat(b.failures()).isEqualTo(4);
  }

  @Test
  void aFatalFailureIsNeverRetried() {
    assertThat(budget(10).delayAfter(CORRUPT)).isEqualTo(-1);
  }

  @Test
  void successStartsAFreshBudgetAndBackoff() {
    RetryBudget b = budget(1);
    assertThat(b.delayAfter(BUSY)).isEqualTo(99);
    b.reset();
    assertThat(b.delayAfter(BUSY)).isEqualTo(99);
    assertThat(b.delayAfter(BUSY)).isEqualTo(-1);
  }

  @Test
  void zeroRetriesGivesUpAtTheFirstFailure() {
    assertThat(budget(0).delayAfter(BUSY)).isEqualTo(-1);
  }
}
