package io.plantwatch.training.rul;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.plantwatch.analytics.health.Features;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the health model from run-to-failure data: features by {@link Features} over every cycle,
 * target = true RUL capped at {@code cap}. The {@code fit} units are split into {@code folds} folds
 * of whole units; every fold is predicted by learners fitted on the other folds, so each fit unit
 * gets an out-of-fold prediction at every cycle. Those choose the candidate (lowest out-of-fold
 * RMSE) and calibrate its band (cross-conformal); the winner is then fitted on all fit units. The
 * {@code check} units, seen by nothing before, give the reported figures (each cut at random
 * points, seeded, to imitate test trajectories).
 */
public final class RulTraining {

  /** What {@code model train} takes. {@code trees} sizes both learners (smaller in tests). */
  public record Options(
      Path train,
      Path out,
      UnitRange fit,
      int folds,
      UnitRange check,
      int horizon,
      int cap,
      double coverage,
      int trees,
      int cuts,
      long seed) {}

  /** The outcome: the manifest written, and the check figures of the winner. */
  public record Result(ModelManifest manifest, RulMetrics check, RulMetrics checkEveryCycle) {}

  static final int MIN_CUT_CYCLE = 31;

  private RulTraining() {}

  public static Result train(SparkSession spark, Options o) throws IOException {
    long started = System.nanoTime();
    TreeMap<Integer, Trajectory> data =
        WindowExport.isExport(o.train())
            ? WindowExport.read(spark, o.train()).trajectories()
            : CmapssData.read(o.train());
    for (UnitRange r : List.of(o.fit(), o.check())) {
      if (r.units().stream().noneMatch(data::containsKey)) {
        throw new IllegalArgumentException(
            "units "
                + r
                + " are not in "
                + o.train()
                + " (it has "
                + data.firstKey()
                + "-"
                + data.lastKey()
                + ")");
      }
    }
    List<Map<String, Double>> fitRows = new ArrayList<>();
    List<Double> fitTarget = new ArrayList<>();
    for (Trajectory t : data.values()) {
      if (o.fit().contains(t.unit())) {
        fitRows.addAll(t.cycles());
        for (int c = 1; c <= t.lastCycle(); c++) {
          fitTarget.add(RulTarget.capped(t.lastCycle(), c, o.cap()));
        }
      }
    }
    Features spec =
        new Features(
            InformativeSensors.detect(
                fitRows, fitTarget.stream().mapToDouble(Double::doubleValue).toArray()),
            o.horizon());

    List<Integer> fitUnits = data.keySet().stream().filter(o.fit()::contains).toList();
    if (o.folds() < 2 || o.folds() > fitUnits.size()) {
      throw new IllegalArgumentException(
          "--folds must be between 2 and the " + fitUnits.size() + " fit units, got " + o.folds());
    }
    Dataset<Row> fit =
        RulPoints.everyCycle(data, o.fit(), spec).frame(spark, spec, o.cap()).cache();

    // Both learners are fitted side by side in one pipeline; each candidate is a way of reading
    // their predictions (one of them, or their mean), so trying the average costs no fit.
    Map<String, List<RulMetrics.Prediction>> outOfFold = new LinkedHashMap<>();
    CANDIDATES.forEach(name -> outOfFold.put(name, new ArrayList<>()));
    for (int f = 0; f < o.folds(); f++) {
      List<Integer> held = new ArrayList<>();
      for (int i = f; i < fitUnits.size(); i += o.folds()) {
        held.add(fitUnits.get(i));
      }
      Column inFold = col("unit").isin(held.toArray());
      PipelineModel members = members(spec, o).fit(fit.filter(not(inFold)));
      Dataset<Row> heldRows = fit.filter(inFold);
      for (String name : CANDIDATES) {
        HealthModel model = new HealthModel(unbanded(o, spec, name), candidate(members, name));
        outOfFold.get(name).addAll(RulMetrics.of(model.score(heldRows), o.cap()).predictions());
      }
    }
    Map<String, Double> candidates = new LinkedHashMap<>();
    String bestName = null;
    for (String name : CANDIDATES) {
      double rmse = RulMetrics.of(outOfFold.get(name), o.cap()).rmse();
      candidates.put(name, rmse);
      if (bestName == null || rmse < candidates.get(bestName)) {
        bestName = name;
      }
    }
    double halfWidth = conformalHalfWidth(outOfFold.get(bestName), o.cap(), o.coverage());
    ModelManifest draft = manifest(o, spec, bestName, halfWidth, "", Map.of(), candidates, 0);
    HealthModel best = new HealthModel(draft, candidate(members(spec, o).fit(fit), bestName));
    RulMetrics check =
        RulMetrics.of(
            best.score(
                RulPoints.cuts(data, o.check(), spec, o.cuts(), MIN_CUT_CYCLE, o.seed())
                    .frame(spark, spec, o.cap())),
            o.cap());
    RulMetrics everyCycle =
        RulMetrics.of(
            best.score(RulPoints.everyCycle(data, o.check(), spec).frame(spark, spec, o.cap())),
            o.cap());
    fit.unpersist();

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("check_points", (double) check.points());
    metrics.put("rmse", check.rmse());
    metrics.put("rmse_uncapped", check.rmseUncapped());
    metrics.put("phm08_score", check.phm08Score());
    metrics.put("band_coverage", check.bandCoverage());
    metrics.put("every_cycle_rmse", everyCycle.rmse());
    metrics.put("every_cycle_band_coverage", everyCycle.bandCoverage());
    double seconds = (System.nanoTime() - started) / 1e9;
    String sha =
        Files.isDirectory(o.train()) ? directorySha256(o.train()) : CmapssData.sha256(o.train());
    ModelManifest manifest =
        manifest(o, spec, bestName, halfWidth, sha, metrics, candidates, seconds);
    Files.createDirectories(o.out());
    best.pipeline().write().overwrite().save(o.out().resolve(HealthModel.PIPELINE).toString());
    manifest.write(o.out());
    return new Result(manifest, check, everyCycle);
  }

  /**
   * Conformal half-width: the ⌈(n+1)·coverage⌉-th smallest absolute residual of the out-of-fold
   * predictions, so that a new exchangeable point's truth lies within ±width of its prediction with
   * probability close to {@code coverage} (cross-conformal; split-conformal's guarantee holds
   * exactly for one held-out fold).
   */
  static double conformalHalfWidth(
      List<RulMetrics.Prediction> outOfFold, int cap, double coverage) {
    double[] residuals =
        outOfFold.stream()
            .mapToDouble(p -> Math.abs(p.rulCycles() - RulTarget.capped(p.rul(), cap)))
            .sorted()
            .toArray();
    int n = residuals.length;
    int k = (int) Math.ceil((n + 1) * coverage);
    return k > n ? Double.POSITIVE_INFINITY : residuals[k - 1];
  }

  /** A Parquet directory's hash: its files' hashes, in name order. */
  private static String directorySha256(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(f.getFileName()).append(':').append(CmapssData.sha256(f)).append('\n');
      }
    }
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * The candidates, named as the manifest records the winner; why each is here is in the README
   * (section Health model).
   */
  static final List<String> CANDIDATES = List.of("gbt", "random_forest", "mean_gbt_forest");

  /**
   * The features assembled into one vector, then both learners, each writing its own prediction
   * column. Fitting it fits every candidate.
   */
  private static Pipeline members(Features spec, Options o) {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler()
                  .setInputCols(spec.names().toArray(String[]::new))
                  .setOutputCol("features"),
              new LinearRegression().setRegParam(0.1).setPredictionCol(HealthModel.LINEAR_RUL),
              new VectorAssembler()
                  .setInputCols(new String[] {"features", HealthModel.LINEAR_RUL})
                  .setOutputCol(HealthModel.TREE_FEATURES),
              new GBTRegressor()
                  .setMaxIter(o.trees())
                  .setMaxDepth(5)
                  .setStepSize(0.1)
                  .setSubsamplingRate(0.8)
                  .setMinInstancesPerNode(10)
                  .setSeed(o.seed())
                  .setFeaturesCol(HealthModel.TREE_FEATURES)
                  .setPredictionCol(HealthModel.GBT_PREDICTION),
              new RandomForestRegressor()
                  .setNumTrees(o.trees())
                  .setMaxDepth(10)
                  .setMinInstancesPerNode(5)
                  .setFeatureSubsetStrategy("onethird")
                  .setSeed(o.seed())
                  .setFeaturesCol(HealthModel.TREE_FEATURES)
                  .setPredictionCol(HealthModel.FOREST_PREDICTION)
            });
  }

  /**
   * Candidate {@code name} as a pipeline of its own, from the fitted {@code members}: the
   * assembler, the learners it reads, and a last stage naming its {@code prediction}. A single
   * learner's pipeline leaves the other out, so scoring it costs one model.
   */
  static PipelineModel candidate(PipelineModel members, String name) {
    Transformer[] all = members.stages();
    Transformer gbt = all[3];
    Transformer forest = all[4];
    List<Transformer> stages = new ArrayList<>(List.of(all[0], all[1], all[2]));
    String prediction;
    switch (name) {
      case "gbt" -> {
        stages.add(gbt);
        prediction = HealthModel.GBT_PREDICTION;
      }
      case "random_forest" -> {
        stages.add(forest);
        prediction = HealthModel.FOREST_PREDICTION;
      }
      case "mean_gbt_forest" -> {
        stages.add(gbt);
        stages.add(forest);
        prediction =
            "(" + HealthModel.GBT_PREDICTION + " + " + HealthModel.FOREST_PREDICTION + ") / 2";
      }
      default -> throw new IllegalArgumentException("no candidate " + name);
    }
    stages.add(
        new SQLTransformer()
            .setStatement("SELECT *, " + prediction + " AS prediction FROM __THIS__"));
    return new PipelineModel(
        Identifiable$.MODULE$.randomUID("pipeline"), stages.toArray(Transformer[]::new));
  }

  /** A manifest for scoring a candidate before its band is known. */
  private static ModelManifest unbanded(Options o, Features spec, String name) {
    return manifest(o, spec, name, 0, "", Map.of(), Map.of(), 0);
  }

  private static ModelManifest manifest(
      Options o,
      Features spec,
      String algorithm,
      double halfWidth,
      String sha,
      Map<String, Double> metrics,
      Map<String, Double> candidates,
      double seconds) {
    Map<String, String> units = new LinkedHashMap<>();
    units.put("fit", o.fit().text());
    units.put("folds", Integer.toString(o.folds()));
    units.put("check", o.check().text());
    String name = "rul-" + algorithm + (sha.isEmpty() ? "" : "-" + sha.substring(0, 8));
    return new ModelManifest(
        ModelManifest.FORMAT,
        name,
        algorithm,
        spec.sensors(),
        spec.horizon(),
        spec.names(),
        o.cap(),
        o.coverage(),
        halfWidth,
        o.train().getFileName().toString(),
        sha,
        units,
        metrics,
        candidates,
        seconds,
        org.apache.spark.package$.MODULE$.SPARK_VERSION());
  }
}
