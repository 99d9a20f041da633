package io.plantwatch.training.rul;

import io.plantwatch.analytics.health.HealthModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores of predictions against the truth, as the C-MAPSS literature reports them: RMSE against the
 * true RUL capped at {@code cap}, RMSE against the uncapped truth, the PHM08 score (summed, against
 * the capped truth) and the share of points whose capped truth lies within {@code [rul_low,
 * rul_high]}.
 */
public record RulMetrics(
    int points,
    double rmse,
    double rmseUncapped,
    double phm08Score,
    double bandCoverage,
    List<Prediction> predictions) {

  /** One scored point. */
  public record Prediction(
      int unit, int cycle, int rul, double rulCycles, double rulLow, double rulHigh) {}

  /** From rows of {@link HealthModel#score} over a {@link RulPoints#frame}. */
  public static RulMetrics of(Dataset<Row> scored, int cap) {
    List<Prediction> predictions = new ArrayList<>();
    for (Row r :
        scored
            .select("unit", "cycle", "rul", "rul_cycles", "rul_low", "rul_high")
            .orderBy("unit", "cycle")
            .collectAsList()) {
      predictions.add(
          new Prediction(
              r.getInt(0),
              r.getInt(1),
              r.getInt(2),
              r.getDouble(3),
              r.getDouble(4),
              r.getDouble(5)));
    }
    return of(predictions, cap);
  }

  public static RulMetrics of(List<Prediction> predictions, int cap) {
    double se = 0;
    double seUncapped = 0;
    double phm = 0;
    int covered = 0;
    for (Prediction p : predictions) {
      double truth = RulTarget.capped(p.rul(), cap);
      double d = p.rulCycles() - truth;
      se += d * d;
      double du = p.rulCycles() - p.rul();
      seUncapped += du * du;
      phm += RulTarget.phm08(d);
      if (truth >= p.rulLow() && truth <= p.rulHigh()) {
        covered++;
      }
    }
    int n = predictions.size();
    return new RulMetrics(
        n,
        Math.sqrt(se / n),
        Math.sqrt(seUncapped / n),
        phm,
        (double) covered / n,
        List.copyOf(predictions));
  }
}
