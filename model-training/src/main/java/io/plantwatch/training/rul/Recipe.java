package io.plantwatch.training.rul;

import static org.apache.spark.sql.functions.col;

import io.plantwatch.analytics.health.Features;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How a health model is made from run-to-failure units: the features (horizon, smoothing spans;
 * sensors are detected from the units it is fitted on), the target's cap, the learners and how the
 * band is calibrated. {@code model train} fits it once on all units; the validation protocol fits
 * it again on every fold, which is why a model's manifest records it.
 *
 * @param fromCycle the first cycle of a unit the learners are fitted on: earlier cycles, whose
 *     recent-window statistics and baseline are still forming, are scored but not learnt from (a
 *     test split's trajectories hold at least {@value Truncations#MIN_HISTORY} cycles)
 * @param learner {@code gbt}, {@code random_forest} or {@code mean_gbt_forest} (their average)
 * @param band {@link #BAND_TRUNCATIONS} (residuals at test-like truncation points, half-width per
 *     range of the prediction) or {@link #BAND_EVERY_CYCLE} (one half-width from residuals at every
 *     cycle, as models before the protocol were calibrated)
 */
public record Recipe(
    int horizon,
    List<Integer> smoothing,
    int fromCycle,
    int cap,
    int trees,
    String learner,
    String band,
    long seed) {

  /** The choices docs/health-model.md records, measured on the protocol. */
  public static final String DEFAULT_SMOOTHING = "10,40";

  public static final String DEFAULT_FROM_CYCLE = "1";

  public static final String DEFAULT_LEARNER = "mean_gbt_forest";
  public static final String DEFAULT_TREES = "150";

  public static final String BAND_TRUNCATIONS = "truncations";
  public static final String BAND_EVERY_CYCLE = "every_cycle";
  static final Set<String> LEARNERS = Set.of("gbt", "random_forest", "mean_gbt_forest");

  /** Trees of a recipe whose manifest does not say (format 1 models had 150). */
  static final int FORMAT_1_TREES = 150;

  public Recipe {
    smoothing = List.copyOf(smoothing);
    if (!LEARNERS.contains(learner)) {
      throw new IllegalArgumentException(
          "learner must be one of " + new TreeSet<>(LEARNERS) + ", got " + learner);
    }
    if (!band.equals(BAND_TRUNCATIONS) && !band.equals(BAND_EVERY_CYCLE)) {
      throw new IllegalArgumentException(
          "band must be " + BAND_TRUNCATIONS + " or " + BAND_EVERY_CYCLE + ", got " + band);
    }
  }

  /**
   * The shipped choices (smoothing, first cycle, cap 125, learner, band at test-like truncations)
   * with the given horizon, trees and seed: what the tests and the local run's quick models fit.
   */
  public static Recipe shipped(int horizon, int trees, long seed) {
    return new Recipe(
        horizon,
        spans(DEFAULT_SMOOTHING),
        Integer.parseInt(DEFAULT_FROM_CYCLE),
        125,
        trees,
        DEFAULT_LEARNER,
        BAND_TRUNCATIONS,
        seed);
  }

  /** What the manifest records. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("horizon", Integer.toString(horizon));
    m.put(
        "smoothing",
        smoothing.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
    m.put("from_cycle", Integer.toString(fromCycle));
    m.put("cap", Integer.toString(cap));
    m.put("trees", Integer.toString(trees));
    m.put("learner", learner);
    m.put("band", band);
    m.put("seed", Long.toString(seed));
    return m;
  }

  /**
   * The recipe that made {@code m}; a format-1 manifest (before recipes were recorded) made with
   * that release's defaults.
   */
  public static Recipe of(ModelManifest m) {
    Map<String, String> r = m.recipe();
    if (r.isEmpty()) {
      return new Recipe(
          m.horizon(), List.of(), 1, m.cap(), FORMAT_1_TREES, m.algorithm(), BAND_EVERY_CYCLE, 7);
    }
    return new Recipe(
        Integer.parseInt(r.get("horizon")),
        spans(r.get("smoothing")),
        Integer.parseInt(r.get("from_cycle")),
        Integer.parseInt(r.get("cap")),
        Integer.parseInt(r.get("trees")),
        r.get("learner"),
        r.get("band"),
        Long.parseLong(r.get("seed")));
  }

  /** {@code "10,40"} → [10, 40]; empty text → none. */
  public static List<Integer> spans(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::strip).map(Integer::parseInt).toList();
  }

  /** The recipe fitted on some units: its features and pipeline. */
  public record Fitted(Features features, PipelineModel pipeline) {}

  /**
   * Detects the sensors on {@code units} of {@code data}, then fits the pipeline on every cycle.
   */
  public Fitted fit(SparkSession spark, Map<Integer, Trajectory> data, Collection<Integer> units) {
    List<Map<String, Double>> rows = new ArrayList<>();
    List<Double> target = new ArrayList<>();
    for (int unit : units) {
      Trajectory t = data.get(unit);
      rows.addAll(t.cycles());
      for (int c = 1; c <= t.lastCycle(); c++) {
        target.add(RulTarget.capped(t.lastCycle(), c, cap));
      }
    }
    Features spec =
        new Features(
            InformativeSensors.detect(
                rows, target.stream().mapToDouble(Double::doubleValue).toArray()),
            horizon,
            smoothing);
    // Checkpointed, not cached: a frame made from rows in the driver carries those rows in every
    // task of every job derived from it (about 10 MB per task here), and the tree learners run
    // thousands of jobs; a checkpointed frame's tasks carry only a block reference.
    Dataset<Row> frame =
        RulPoints.everyCycle(data, UnitRange.of(units), spec)
            .frame(spark, spec, cap)
            .filter(col("cycle").geq(fromCycle))
            .localCheckpoint();
    PipelineModel pipeline = pipeline(spec).fit(frame);
    return new Fitted(spec, pipeline);
  }

  /**
   * The features assembled, a linear health index joined to them, the learner(s) and a last stage
   * naming the {@code prediction}. Why a linear stage: degradation shows as a small simultaneous
   * drift of many noisy sensors, which a weighted sum sees sooner than any split on one sensor.
   */
  Pipeline pipeline(Features spec) {
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(
        new VectorAssembler()
            .setInputCols(spec.names().toArray(String[]::new))
            .setOutputCol("features"));
    stages.add(new LinearRegression().setRegParam(0.1).setPredictionCol(HealthModel.LINEAR_RUL));
    stages.add(
        new VectorAssembler()
            .setInputCols(new String[] {"features", HealthModel.LINEAR_RUL})
            .setOutputCol(HealthModel.TREE_FEATURES));
    boolean gbt = !learner.equals("random_forest");
    boolean forest = !learner.equals("gbt");
    if (gbt) {
      stages.add(
          new GBTRegressor()
              .setMaxIter(trees)
              .setMaxDepth(5)
              .setStepSize(0.1)
              .setSubsamplingRate(0.8)
              .setMinInstancesPerNode(10)
              .setSeed(seed)
              .setFeaturesCol(HealthModel.TREE_FEATURES)
              .setPredictionCol(HealthModel.GBT_PREDICTION));
    }
    if (forest) {
      stages.add(
          new RandomForestRegressor()
              .setNumTrees(trees)
              .setMaxDepth(10)
              .setMinInstancesPerNode(5)
              .setFeatureSubsetStrategy("onethird")
              .setSeed(seed)
              .setFeaturesCol(HealthModel.TREE_FEATURES)
              .setPredictionCol(HealthModel.FOREST_PREDICTION));
    }
    String prediction =
        gbt && forest
            ? "(" + HealthModel.GBT_PREDICTION + " + " + HealthModel.FOREST_PREDICTION + ") / 2"
            : gbt ? HealthModel.GBT_PREDICTION : HealthModel.FOREST_PREDICTION;
    stages.add(
        new SQLTransformer()
            .setStatement("SELECT *, " + prediction + " AS prediction FROM __THIS__"));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }
}
