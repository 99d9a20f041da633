package io.plantwatch.training.rul;

import java.util.ArrayList;
import java.util.List;

/**
 * The conformal band: around a prediction {@code p}, {@code [p - w, p + w]} where {@code w} is the
 * ⌈(n+1)·coverage⌉-th smallest absolute residual of the calibration points whose prediction fell in
 * the same range as {@code p} (Mondrian conformal: the promise holds per range of the prediction,
 * not only on average over them).
 *
 * @param edges predicted remaining lives where a range ends, ascending
 * @param halfWidths one per range, one more than the edges
 */
public record Band(List<Double> edges, List<Double> halfWidths) {

  /** Fewer calibration points than this in a range: it takes the band of all points instead. */
  static final int MIN_POINTS = 30;

  public double halfWidthAt(double predicted) {
    int i = 0;
    while (i < edges.size() && predicted >= edges.get(i)) {
      i++;
    }
    return halfWidths.get(i);
  }

  static Band calibrate(
      List<ValidationProtocol.Residual> residuals, List<Double> edges, int cap, double coverage) {
    double all = quantile(residuals, cap, coverage);
    List<Double> widths = new ArrayList<>();
    for (int i = 0; i <= edges.size(); i++) {
      double from = i == 0 ? Double.NEGATIVE_INFINITY : edges.get(i - 1);
      double to = i == edges.size() ? Double.POSITIVE_INFINITY : edges.get(i);
      List<ValidationProtocol.Residual> in =
          residuals.stream().filter(r -> r.predicted() >= from && r.predicted() < to).toList();
      widths.add(in.size() < MIN_POINTS ? all : quantile(in, cap, coverage));
    }
    return new Band(List.copyOf(edges), List.copyOf(widths));
  }

  /**
   * The ⌈(n+1)·coverage⌉-th smallest absolute residual: a new exchangeable point's truth lies
   * within ± it with probability at least {@code coverage}.
   */
  static double quantile(List<ValidationProtocol.Residual> residuals, int cap, double coverage) {
    double[] sorted =
        residuals.stream()
            .mapToDouble(r -> Math.abs(r.predicted() - RulTarget.capped(r.truth(), cap)))
            .sorted()
            .toArray();
    int n = sorted.length;
    int k = (int) Math.ceil((n + 1) * coverage);
    return k > n ? Double.POSITIVE_INFINITY : sorted[k - 1];
  }
}
