package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchRateTest {
  private static final long FULL = 60_000;

  /** Batches of 100,000 rows: a slow first, two on a growing state, then {@code full} at size. */
  private static List<BatchTimes.Batch> batches(int full) {
    List<BatchTimes.Batch> b = new ArrayList<>();
    b.add(new BatchTimes.Batch(0, 100_000, 10_000, 0, Long.MIN_VALUE));
    b.add(new BatchTimes.Batch(1, 100_000, 1_000, 0, FULL - 10_000));
    b.add(new BatchTimes.Batch(2, 100_000, 1_000, 0, FULL - 5_000));
    for (int i = 0; i < full; i++) {
      b.add(new BatchTimes.Batch(3 + i, 100_000, 4_000, 0, FULL + i * 5_000L));
    }
    return b;
  }

  @Test
  void countsOnlyTheBatchesThatRanOnTheFullState() {
    BatchRate r = BatchRate.of(batches(3), FULL);
    assertThat(r.steadyBatches()).isEqualTo(3);
    assertThat(r.hasSteady()).isTrue();
    assertThat(r.steady()).isCloseTo(25_000, within(0.001));
    assertThat(r.headline()).isEqualTo(r.steady());
    // Every batch but the first: 500,000 rows in 14 s.
    assertThat(r.allBatches()).isEqualTo(5);
    assertThat(r.all()).isCloseTo(500_000 / 14.0, within(0.001));
  }

  @Test
  void withoutEnoughSteadyBatchesTheHeadlineIsEveryBatchButTheFirst() {
    BatchRate r = BatchRate.of(batches(2), FULL);
    assertThat(r.hasSteady()).isFalse();
    assertThat(r.headline()).isCloseTo(400_000 / 10.0, within(0.001));
    BatchRate none = BatchRate.of(batches(0), FULL);
    assertThat(none.steadyBatches()).isZero();
    assertThat(none.steady()).isZero();
    assertThat(none.headline()).isCloseTo(100_000.0, within(0.001));
  }
}
