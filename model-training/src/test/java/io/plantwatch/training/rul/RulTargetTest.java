package io.plantwatch.training.rul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulTargetTest {
  @Test
  void targetIsFlatAtTheCapEarlyInLifeThenFallsToZero() {
    // a run failing after cycle 200
    assertThat(RulTarget.capped(200, 1, 125)).isEqualTo(125);
    assertThat(RulTarget.capped(200, 75, 125)).isEqualTo(125);
    assertThat(RulTarget.capped(200, 76, 125)).isEqualTo(124);
    assertThat(RulTarget.capped(200, 150, 125)).isEqualTo(50);
    assertThat(RulTarget.capped(200, 200, 125)).isZero();
  }

  @Test
  void phm08PunishesLatePredictionsHarderThanEarlyOnes() {
    assertThat(RulTarget.phm08(0)).isZero();
    assertThat(RulTarget.phm08(-13)).isCloseTo(Math.E - 1, within(1e-12));
    assertThat(RulTarget.phm08(10)).isCloseTo(Math.E - 1, within(1e-12));
    assertThat(RulTarget.phm08(-26)).isCloseTo(Math.E * Math.E - 1, within(1e-12));
    assertThat(RulTarget.phm08(20)).isCloseTo(Math.E * Math.E - 1, within(1e-12));
    assertThat(RulTarget.phm08(5)).isGreaterThan(RulTarget.phm08(-5));
  }

  @Test
  void metricsScoreAgainstTheCappedTruthAndReportTheUncappedRmse() {
    List<RulMetrics.Prediction> p =
        List.of(
            // truth 10, predicted 20 (late by 10), band 15..25 misses the truth
            new RulMetrics.Prediction(1, 190, 10, 20, 15, 25),
            // truth 200 -> capped 125, predicted 120 (early by 5), band 100..140 holds 125
            new RulMetrics.Prediction(2, 31, 200, 120, 100, 140));
    RulMetrics m = RulMetrics.of(p, 125);
    assertThat(m.points()).isEqualTo(2);
    assertThat(m.rmse()).isCloseTo(Math.sqrt((100 + 25) / 2.0), within(1e-12));
    assertThat(m.rmseUncapped()).isCloseTo(Math.sqrt((100 + 6400) / 2.0), within(1e-12));
    assertThat(m.phm08Score()).isCloseTo((Math.E - 1) + (Math.exp(5 / 13.0) - 1), within(1e-12));
    assertThat(m.bandCoverage()).isEqualTo(0.5);
  }

  @Test
  void conformalHalfWidthIsTheCeilNPlusOneTimesCoverageSmallestResidual() {
    // residuals 1..10 against a truth below the cap; (10 + 1) * 0.8 = 8.8 -> the 9th smallest
    List<ValidationProtocol.Residual> r = new java.util.ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      r.add(new ValidationProtocol.Residual(1, 50 + (i % 2 == 0 ? i : -i), 50));
    }
    assertThat(Band.quantile(r, 125, 0.8)).isEqualTo(9);
    // too few points for the coverage asked: an unbounded band, never a falsely narrow one
    assertThat(Band.quantile(r, 125, 0.95)).isInfinite();
  }
}
