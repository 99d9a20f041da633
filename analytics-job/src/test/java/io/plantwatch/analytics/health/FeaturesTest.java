package io.plantwatch.analytics.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturesTest {
  private final Features spec = new Features(List.of("T30", "vib"), 3);

  @Test
  void namesAreSixStatisticsPerSensorThenCycles() {
    assertThat(spec.names())
        .containsExactly(
            "T30_last",
            "T30_mean",
            "T30_max",
            "T30_min",
            "T30_slope",
            "T30_drift",
            "vib_last",
            "vib_mean",
            "vib_max",
            "vib_min",
            "vib_slope",
            "vib_drift",
            "cycles");
  }

  @Test
  void statisticsLookAtTheLastHorizonWindowsOnly() {
    MachineHistory history = new MachineHistory(spec);
    history.add(Map.of("T30", new MetricWindow(1, 100, -100), "vib", new MetricWindow(5, 6, 4)));
    history.add(Map.of("T30", new MetricWindow(2, 2.5, 1.5), "vib", new MetricWindow(5, 7, 3)));
    history.add(Map.of("T30", new MetricWindow(4, 4.5, 3.5)));
    history.add(Map.of("T30", new MetricWindow(8, 9, 7), "vib", new MetricWindow(2, 2, 2)));

    double[] f = history.features();

    // T30 over windows 2..4 (window 1 with max 100 / min -100 has left): avgs 2, 4, 8.
    // slope: x = 0,1,2 (mean 1), y mean 14/3, sxy = -1*(2-14/3) + 1*(8-14/3) = 6, sxx = 2 -> 3.
    assertThat(f[0]).isEqualTo(8);
    assertThat(f[1]).isCloseTo(14.0 / 3, within(1e-12));
    assertThat(f[2]).isEqualTo(9);
    assertThat(f[3]).isEqualTo(1.5);
    assertThat(f[4]).isCloseTo(3, within(1e-12));
    // drift: mean 14/3 minus the baseline, the mean of all four windows so far (15/4)
    assertThat(f[5]).isCloseTo(14.0 / 3 - 3.75, within(1e-12));
    // vib is missing from window 3: the statistics use windows 2 and 4 (avgs 5, 2, slope -3);
    // its baseline is the mean of windows 1, 2 and 4 (5, 5, 2) = 4
    assertThat(f[6]).isEqualTo(2);
    assertThat(f[7]).isEqualTo(3.5);
    assertThat(f[8]).isEqualTo(7);
    assertThat(f[9]).isEqualTo(2);
    assertThat(f[10]).isCloseTo(-3, within(1e-12));
    assertThat(f[11]).isCloseTo(-0.5, within(1e-12));
    // the machine has had four windows
    assertThat(f[12]).isEqualTo(4);
  }

  @Test
  void theBaselineIsTheMeanOfTheFirstTenWindowsOnly() {
    Features one = new Features(List.of("T30"), 3);
    MachineHistory history = new MachineHistory(one);
    for (int i = 1; i <= 12; i++) {
      history.add(Map.of("T30", MetricWindow.of(i)));
    }
    // baseline mean(1..10) = 5.5; mean of the last three windows (10, 11, 12) = 11
    assertThat(history.features()).containsExactly(12, 11, 12, 10, 1, 5.5, 12);
  }

  @Test
  void smoothedStatisticsFollowTheSensorsLevelAndTrendOverTheWholeLife() {
    Features smoothed = new Features(List.of("T30"), 3, List.of(10));
    assertThat(smoothed.names())
        .containsExactly(
            "T30_last",
            "T30_mean",
            "T30_max",
            "T30_min",
            "T30_slope",
            "T30_drift",
            "T30_ewm10_level",
            "T30_ewm10_trend",
            "cycles");
    MachineHistory history = new MachineHistory(smoothed);
    // flat at 100 for the baseline, then a ramp of +0.5 a window for 200 windows
    for (int i = 1; i <= 10; i++) {
      history.add(Map.of("T30", MetricWindow.of(100)));
    }
    double[] flat = history.features();
    assertThat(flat[6]).isCloseTo(0, within(1e-12));
    assertThat(flat[7]).isCloseTo(0, within(1e-12));
    for (int i = 1; i <= 200; i++) {
      history.add(Map.of("T30", MetricWindow.of(100 + 0.5 * i)));
    }
    double[] ramp = history.features();
    // double smoothing tracks a straight line without lag once the start has faded:
    // level = the last value minus the baseline, trend = the ramp's slope
    assertThat(ramp[6]).isCloseTo(100, within(1e-6));
    assertThat(ramp[7]).isCloseTo(0.5, within(1e-6));
    // the recent-window statistics are unchanged by the smoothing
    assertThat(ramp[4]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void smoothingDampsNoiseThatTheLastWindowCarries() {
    Features smoothed = new Features(List.of("T30"), 3, List.of(20));
    MachineHistory history = new MachineHistory(smoothed);
    java.util.Random noise = new java.util.Random(3);
    double lastErrors = 0;
    double levelErrors = 0;
    for (int i = 1; i <= 300; i++) {
      history.add(Map.of("T30", MetricWindow.of(100 + noise.nextGaussian())));
      if (i > 50) {
        double[] f = history.features();
        double baseline = f[1] - f[5]; // the mean minus the drift
        lastErrors += Math.pow(f[0] - 100, 2);
        levelErrors += Math.pow(f[6] + baseline - 100, 2);
      }
    }
    // the smoothed level's error around the true level is a fraction of one window's noise
    assertThat(levelErrors).isLessThan(lastErrors / 4);
  }

  @Test
  void slopeOfAStraightLineIsItsGradientAndOfOnePointZero() {
    assertThat(Features.slope(new double[] {10, 8.5, 7, 5.5, 4}, 5)).isCloseTo(-1.5, within(1e-12));
    assertThat(Features.slope(new double[] {1, 3, 2, 4}, 4)).isCloseTo(0.8, within(1e-12));
    assertThat(Features.slope(new double[] {42}, 1)).isZero();
  }

  @Test
  void aSensorMissingFromEveryRecentWindowMeansNoFeatures() {
    MachineHistory history = new MachineHistory(spec);
    history.add(Map.of("T30", MetricWindow.of(1)));
    assertThat(history.features()).isNull();
  }

  @Test
  void theFirstWindowHasNoTrendYet() {
    MachineHistory history = new MachineHistory(spec);
    history.add(Map.of("T30", MetricWindow.of(640), "vib", MetricWindow.of(3)));
    assertThat(history.features()).containsExactly(640, 640, 640, 640, 0, 0, 3, 3, 3, 3, 0, 0, 1);
  }

  @Test
  void streamWindowStatisticsOfSingleReadingsEqualTheTrainingWindows() {
    // the stream's window of one cycle holds one reading per metric: avg = max = min = value
    List<Object[]> readings =
        List.of(new Object[] {"T30", 1589.7}, new Object[] {"vib", 2.0}, new Object[] {"vib", 4.0});
    Map<String, MetricWindow> w = MachineWindows.statistics(readings);
    assertThat(w.get("T30")).isEqualTo(MetricWindow.of(1589.7));
    assertThat(w.get("vib")).isEqualTo(new MetricWindow(3.0, 4.0, 2.0));
  }
}
