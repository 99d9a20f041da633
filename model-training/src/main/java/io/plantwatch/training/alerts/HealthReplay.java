package io.plantwatch.training.alerts;

import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.training.alerts.AlertEvaluation.HealthScore;
import io.plantwatch.training.rul.BatchSpark;
import io.plantwatch.training.rul.CmapssData;
import io.plantwatch.training.rul.RulPoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The health model's score at every cycle of every unit, as the streaming job would write it: the
 * same feature code ({@link RulPoints#walk}) and the same scoring ({@link HealthModel#score}), in
 * one Spark batch.
 */
final class HealthReplay {
  private HealthReplay() {}

  static Map<Integer, List<HealthScore>> score(
      Path modelDir, Map<Integer, CmapssData.Trajectory> data, List<CmapssUnits.Trajectory> units) {
    // Loading an MLlib pipeline needs a session.
    SparkSession spark = BatchSpark.session("plantwatch-evaluate-alerts");
    HealthModel model = HealthModel.load(modelDir);
    List<String> keys = new ArrayList<>();
    List<double[]> vectors = new ArrayList<>();
    for (CmapssUnits.Trajectory u : units) {
      List<double[]> features = RulPoints.walk(data.get(u.unit()), model.features());
      for (int i = 0; i < features.size(); i++) {
        keys.add(u.unit() + "@" + i);
        vectors.add(features.get(i));
      }
    }
    Map<String, HealthScore> byKey = new HashMap<>();
    for (Row r :
        model
            .score(HealthModel.featureFrame(spark, model.features(), keys, vectors))
            .select("key", "rul_cycles", "rul_high")
            .collectAsList()) {
      byKey.put(r.getString(0), new HealthScore(r.getDouble(1), r.getDouble(2)));
    }
    Map<Integer, List<HealthScore>> out = new HashMap<>();
    for (CmapssUnits.Trajectory u : units) {
      List<HealthScore> scores = new ArrayList<>();
      for (int i = 0; i < u.cycles().length; i++) {
        scores.add(byKey.get(u.unit() + "@" + i));
      }
      out.put(u.unit(), scores);
    }
    return out;
  }
}
