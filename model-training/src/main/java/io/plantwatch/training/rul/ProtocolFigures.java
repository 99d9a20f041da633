package io.plantwatch.training.rul;

import io.plantwatch.training.rul.RulMetrics.Prediction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The protocol's figures: per imitation test split (one point per unit) its RMSE against the capped
 * truth, PHM08 score (summed over the split's units, as over a test split's) and band coverage;
 * reported as the mean over the splits, a 95 % confidence interval of that mean, and the range one
 * split falls in (2.5-97.5 % of the splits). The interval resamples units (a bootstrap over
 * engines, {@value #BOOTSTRAP} times): the splits share their units and models, so they are far
 * from independent, and which engines a fleet happens to hold is the uncertainty that matters.
 */
public record ProtocolFigures(
    int splits,
    int unitsPerSplit,
    double statedCoverage,
    Figure rmse,
    Figure phm08,
    Figure coverage,
    Map<String, double[]> coverageByRul,
    double[] splitRmse) {

  static final int BOOTSTRAP = 1000;

  /** Remaining-life ranges coverage is reported for (true RUL, inclusive). */
  static final int[][] RUL_RANGES = {{0, 30}, {31, 60}, {61, 90}, {91, 125}, {126, 1000}};

  /**
   * @param low lower end of the 95 % confidence interval of the mean
   * @param splitLow where 2.5 % of single splits fall below
   */
  public record Figure(double mean, double low, double high, double splitLow, double splitHigh) {}

  public static ProtocolFigures of(List<List<Prediction>> splits, int cap, double stated) {
    List<Integer> units = splits.get(0).stream().map(Prediction::unit).distinct().sorted().toList();
    Map<Integer, Integer> index = new LinkedHashMap<>();
    units.forEach(u -> index.put(u, index.size()));
    int n = units.size();
    // per split, per unit: squared error, PHM08 term, covered
    double[][][] terms = new double[splits.size()][3][n];
    for (int s = 0; s < splits.size(); s++) {
      for (Prediction p : splits.get(s)) {
        int i = index.get(p.unit());
        double truth = RulTarget.capped(p.rul(), cap);
        double d = p.rulCycles() - truth;
        terms[s][0][i] = d * d;
        terms[s][1][i] = RulTarget.phm08(d);
        terms[s][2][i] = truth >= p.rulLow() && truth <= p.rulHigh() ? 1 : 0;
      }
    }
    int[] identity = new int[n];
    Arrays.setAll(identity, i -> i);
    double[][] perSplit = new double[3][splits.size()];
    for (int s = 0; s < splits.size(); s++) {
      double[] f = figures(terms[s], identity);
      for (int k = 0; k < 3; k++) {
        perSplit[k][s] = f[k];
      }
    }
    double[][] boot = new double[3][BOOTSTRAP];
    Random random = new Random(1);
    int[] sample = new int[n];
    for (int b = 0; b < BOOTSTRAP; b++) {
      for (int i = 0; i < n; i++) {
        sample[i] = random.nextInt(n);
      }
      double[] sum = new double[3];
      for (double[][] split : terms) {
        double[] f = figures(split, sample);
        for (int k = 0; k < 3; k++) {
          sum[k] += f[k];
        }
      }
      for (int k = 0; k < 3; k++) {
        boot[k][b] = sum[k] / splits.size();
      }
    }
    Figure[] out = new Figure[3];
    for (int k = 0; k < 3; k++) {
      out[k] =
          new Figure(
              Arrays.stream(perSplit[k]).average().orElse(Double.NaN),
              percentile(boot[k], 0.025),
              percentile(boot[k], 0.975),
              percentile(perSplit[k], 0.025),
              percentile(perSplit[k], 0.975));
    }
    Map<String, double[]> byRul = new LinkedHashMap<>();
    for (int[] range : RUL_RANGES) {
      int points = 0;
      int covered = 0;
      for (List<Prediction> split : splits) {
        for (Prediction p : split) {
          if (p.rul() >= range[0] && p.rul() <= range[1]) {
            points++;
            double truth = RulTarget.capped(p.rul(), cap);
            covered += truth >= p.rulLow() && truth <= p.rulHigh() ? 1 : 0;
          }
        }
      }
      String label = range[1] >= 1000 ? ">" + (range[0] - 1) : range[0] + "-" + range[1];
      byRul.put(label, new double[] {points, points == 0 ? Double.NaN : (double) covered / points});
    }
    return new ProtocolFigures(
        splits.size(), n, stated, out[0], out[1], out[2], byRul, perSplit[0]);
  }

  /** RMSE, PHM08 sum (scaled to the split's unit count) and coverage over {@code sample}. */
  private static double[] figures(double[][] split, int[] sample) {
    double se = 0;
    double phm = 0;
    double covered = 0;
    for (int i : sample) {
      se += split[0][i];
      phm += split[1][i];
      covered += split[2][i];
    }
    int n = sample.length;
    return new double[] {Math.sqrt(se / n), phm, covered / n};
  }

  static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The figures as the manifest records them. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("splits", (double) splits);
    m.put("units_per_split", (double) unitsPerSplit);
    put(m, "rmse", rmse);
    put(m, "phm08_score", phm08);
    put(m, "band_coverage", coverage);
    coverageByRul.forEach((range, v) -> m.put("band_coverage_rul_" + range, v[1]));
    return m;
  }

  private static void put(Map<String, Double> m, String name, Figure f) {
    m.put(name, f.mean());
    m.put(name + "_ci_low", f.low());
    m.put(name + "_ci_high", f.high());
    m.put(name + "_split_low", f.splitLow());
    m.put(name + "_split_high", f.splitHigh());
  }

  public void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "protocol       %d imitation test splits of %d units (one truncation each)%n",
        splits,
        unitsPerSplit);
    out.printf(
        Locale.ROOT,
        "%-14s %9s %20s %22s%n",
        "",
        "mean",
        "95 % CI of the mean",
        "one split (95 %)");
    line(out, "rmse", rmse, 1);
    line(out, "phm08_score", phm08, 1);
    line(out, "band_coverage", coverage, 100);
    List<String> ranges = new ArrayList<>();
    coverageByRul.forEach(
        (range, v) ->
            ranges.add(
                String.format(Locale.ROOT, "%s %.1f %% (%d)", range, 100 * v[1], (int) v[0])));
    out.printf(
        Locale.ROOT,
        "coverage by true RUL (stated %.0f %%): %s%n",
        100 * statedCoverage,
        String.join(", ", ranges));
  }

  private static void line(PrintWriter out, String name, Figure f, double scale) {
    out.printf(
        Locale.ROOT,
        "%-14s %9.2f %9.2f - %-9.2f %10.2f - %-9.2f%n",
        name,
        scale * f.mean(),
        scale * f.low(),
        scale * f.high(),
        scale * f.splitLow(),
        scale * f.splitHigh());
  }
}
