package io.plantwatch.training.rul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantwatch.training.rul.RulMetrics.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtocolFiguresTest {
  @Test
  void eachSplitIsScoredAsATestSplitAndTheIntervalHoldsTheMean() {
    // 100 units, 10 splits; prediction = truth + N(0, 10): RMSE about 10 in every split
    Random random = new Random(5);
    List<List<Prediction>> splits = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      List<Prediction> split = new ArrayList<>();
      for (int u = 1; u <= 100; u++) {
        int rul = 5 + random.nextInt(146);
        double p = Math.min(rul, 125) + 10 * random.nextGaussian();
        split.add(new Prediction(u, 200 - rul, rul, p, p - 16.45, p + 16.45));
      }
      splits.add(split);
    }
    ProtocolFigures f = ProtocolFigures.of(splits, 125, 0.9);
    assertThat(f.splits()).isEqualTo(10);
    assertThat(f.unitsPerSplit()).isEqualTo(100);
    // the mean of the splits' RMSEs, each over 100 points as a test split's
    double mean = 0;
    for (List<Prediction> split : splits) {
      mean += RulMetrics.of(split, 125).rmse() / 10;
    }
    assertThat(f.rmse().mean()).isCloseTo(mean, within(1e-9));
    assertThat(f.rmse().mean()).isCloseTo(10, within(0.5));
    assertThat(f.rmse().low()).isLessThan(f.rmse().mean());
    assertThat(f.rmse().high()).isGreaterThan(f.rmse().mean());
    // +-1.645 sigma holds 90 % of normal errors
    assertThat(f.coverage().mean()).isCloseTo(0.9, within(0.02));
    assertThat(f.phm08().mean())
        .isCloseTo(
            splits.stream()
                .mapToDouble(s -> RulMetrics.of(s, 125).phm08Score())
                .average()
                .orElseThrow(),
            within(1e-9));
    double[] nearFailure = f.coverageByRul().get("0-30");
    assertThat(nearFailure[0]).isPositive();
    assertThat(f.coverageByRul().get(">125")[0]).isPositive();
  }

  @Test
  void aMondrianBandKeepsItsCoverageInEveryRangeOfThePrediction() {
    // residuals three times wider near failure than on the flat part
    Random random = new Random(9);
    List<ValidationProtocol.Residual> calibration = residuals(random, 20_000);
    Band perRange = Band.calibrate(calibration, ValidationProtocol.BAND_EDGES, 125, 0.9);
    Band single = Band.calibrate(calibration, List.of(), 125, 0.9);
    assertThat(perRange.halfWidthAt(10)).isGreaterThan(perRange.halfWidthAt(120));

    Map<String, int[]> fresh = new HashMap<>();
    for (ValidationProtocol.Residual r : residuals(random, 20_000)) {
      String range = r.predicted() < 30 ? "low" : "high";
      int[] c = fresh.computeIfAbsent(range, k -> new int[3]);
      c[0]++;
      if (Math.abs(r.predicted() - r.truth()) <= perRange.halfWidthAt(r.predicted())) {
        c[1]++;
      }
      if (Math.abs(r.predicted() - r.truth()) <= single.halfWidthAt(r.predicted())) {
        c[2]++;
      }
    }
    int[] low = fresh.get("low");
    int[] high = fresh.get("high");
    assertThat((double) low[1] / low[0]).isCloseTo(0.9, within(0.02));
    assertThat((double) high[1] / high[0]).isCloseTo(0.9, within(0.02));
    // one width for all promises 90 % on average only: near failure it falls short
    assertThat((double) low[2] / low[0]).isLessThan(0.85);
  }

  private static List<ValidationProtocol.Residual> residuals(Random random, int n) {
    List<ValidationProtocol.Residual> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double truth = 125 * random.nextDouble();
      double sigma = truth < 30 ? 15 : 5;
      out.add(new ValidationProtocol.Residual(1, truth + sigma * random.nextGaussian(), truth));
    }
    return out;
  }
}
