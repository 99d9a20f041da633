package io.plantwatch.training.rul;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InformativeSensorsTest {
  @Test
  void constantAndNearlyConstantColumnsAndTheClockAreDropped() {
    List<Map<String, Double>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(
          Map.of(
              "cycle",
              (double) i + 1,
              "T2",
              518.67,
              // 96 % one value: nearly constant, like P15 in FD001
              "P15",
              i < 96 ? 21.61 : 21.60,
              // 94 % one value: informative enough to keep
              "htBleed",
              i < 94 ? 392.0 : 393.0 + i,
              "T30",
              1580 + 0.1 * i));
    }
    assertThat(InformativeSensors.detect(rows)).containsExactly("T30", "htBleed");
  }

  @Test
  void givenTheTargetMetricsThatDoNotFollowItAreDropped() {
    List<Map<String, Double>> rows = new ArrayList<>();
    double[] target = new double[40];
    for (int i = 0; i < 40; i++) {
      target[i] = 125 - i;
      // wear rises with age; the setting alternates around its operating point
      rows.add(Map.of("wear", 10.0 + i * i, "setting", i % 2 == 0 ? 0.001 : -0.001));
    }
    assertThat(InformativeSensors.detect(rows)).containsExactly("setting", "wear");
    assertThat(InformativeSensors.detect(rows, target)).containsExactly("wear");
  }

  @Test
  void correlationOfHandComputedPairs() {
    assertThat(InformativeSensors.correlation(new double[] {1, 2, 3}, new double[] {6, 4, 2}, 3))
        .isEqualTo(-1.0);
    // x = 1,2,3,4 y = 1,3,2,4: sxy = 4, sxx = syy = 5 -> 0.8
    assertThat(
            InformativeSensors.correlation(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}, 4))
        .isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(InformativeSensors.correlation(new double[] {5, 5}, new double[] {1, 2}, 2))
        .isZero();
  }

  @Test
  void fd001HasTheFourteenVaryingSensorsAndTheTwoNoisySettings() throws Exception {
    var data = CmapssData.read(java.nio.file.Path.of("../testdata/cmapss/train_FD001.txt"));
    List<Map<String, Double>> rows = new ArrayList<>();
    data.values().forEach(t -> rows.addAll(t.cycles()));
    assertThat(InformativeSensors.detect(rows))
        .containsExactly(
            "BPR",
            "NRc",
            "NRf",
            "Nc",
            "Nf",
            "P30",
            "Ps30",
            "T24",
            "T30",
            "T50",
            "W31",
            "W32",
            "htBleed",
            "op_setting_1",
            "op_setting_2",
            "phi");
    assertThat(data).hasSize(100);
    // unit 1, cycle 1: T24 641.82 degR is 83.41666 degC, P30 554.36 psia is 38.2221 bar
    assertThat(data.get(1).cycles().get(0).get("T24"))
        .isCloseTo((641.82 - 491.67) * 5 / 9, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(data.get(1).cycles().get(0).get("P30"))
        .isCloseTo(554.36 * 0.0689475729316836, org.assertj.core.api.Assertions.within(1e-9));
  }
}
