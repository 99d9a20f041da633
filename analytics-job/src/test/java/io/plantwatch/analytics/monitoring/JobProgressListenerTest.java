package io.plantwatch.analytics.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobProgressListenerTest {
  @Test
  void headroomIsTheEarliestReadingsDistanceAheadOfTheWatermark() {
    assertThat(JobProgressListener.headroom("2026-12-05T10:10:30.000Z", "2026-12-05T10:10:00.000Z"))
        .isEqualTo(30_000);
  }

  @Test
  void aReadingBehindTheWatermarkGivesANegativeHeadroom() {
    assertThat(JobProgressListener.headroom("2026-12-05T10:09:58.500Z", "2026-12-05T10:10:00.000Z"))
        .isEqualTo(-1_500);
  }

  @Test
  void withoutRowsOrBeforeTheFirstWatermarkThereIsNoHeadroomToReport() {
    assertThat(JobProgressListener.headroom(null, "2026-12-05T10:10:00.000Z"))
        .isEqualTo(BatchFigures.NO_HEADROOM);
    assertThat(JobProgressListener.headroom("2026-12-05T10:10:00.000Z", "1970-01-01T00:00:00.000Z"))
        .isEqualTo(BatchFigures.NO_HEADROOM);
  }

  @Test
  void totalsKeepTheClosestCall() {
    JobProgressListener.Totals t =
        new JobProgressListener.Totals(0, 0, 0, 0, 0, BatchFigures.NO_HEADROOM)
            .plus(figures(40_000))
            .plus(figures(BatchFigures.NO_HEADROOM))
            .plus(figures(12_000))
            .plus(figures(25_000));
    assertThat(t.minHeadroomMs()).isEqualTo(12_000);
    assertThat(t.batches()).isEqualTo(4);
  }

  private static BatchFigures figures(long headroom) {
    return new BatchFigures("q", 0, 1, 0, 0, 0, null, 0, 0, 0, 0, 0, headroom);
  }
}
