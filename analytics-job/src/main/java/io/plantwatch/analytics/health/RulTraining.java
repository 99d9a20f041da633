package io.plantwatch.analytics.health;

import io.plantwatch.analytics.health.CmapssData.Trajectory;
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
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the health model from run-to-failure data: features by {@link Features} over every cycle,
 * target = true RUL capped at {@code cap}. Units are split three ways: {@code fit} units train each
 * candidate, {@code calibration} units choose the candidate (lowest RMSE over all their cycles) and
 * calibrate the split-conformal band, and {@code check} units, seen by nothing before, give the
 * reported figures (each cut at random points, seeded, to imitate test trajectories).
 */
public final class RulTraining {

  /** What {@code model train} takes. {@code trees} sizes both candidates (smaller in tests). */
  public record Options(
      Path train,
      Path out,
      UnitRange fit,
      UnitRange calibration,
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
    for (UnitRange r : List.of(o.fit(), o.calibration(), o.check())) {
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

    Dataset<Row> fit =
        RulPoints.everyCycle(data, o.fit(), spec).frame(spark, spec, o.cap()).cache();
    Dataset<Row> calibration =
        RulPoints.everyCycle(data, o.calibration(), spec).frame(spark, spec, o.cap()).cache();

    Map<String, Double> candidates = new LinkedHashMap<>();
    String bestName = null;
    HealthModel best = null;
    double bestRmse = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, PipelineStage> c : candidates(o).entrySet()) {
      PipelineModel pipeline = pipeline(spec, c.getValue()).fit(fit);
      HealthModel model =
          new HealthModel(manifest(o, spec, c.getKey(), 0, "", Map.of(), Map.of(), 0), pipeline);
      double rmse = RulMetrics.of(model.score(calibration), o.cap()).rmse();
      candidates.put(c.getKey(), rmse);
      if (rmse < bestRmse) {
        bestRmse = rmse;
        bestName = c.getKey();
        best = model;
      }
    }

    double halfWidth =
        conformalHalfWidth(RulMetrics.of(best.score(calibration), o.cap()), o.cap(), o.coverage());
    ModelManifest draft = manifest(o, spec, bestName, halfWidth, "", Map.of(), candidates, 0);
    // The winner, chosen and its band calibrated on the calibration units, is fitted once more on
    // the fit and calibration units together: 85 units teach it more than 70. The band keeps the
    // width calibrated on the model that had not seen those units; the check units, seen by
    // neither, say whether its coverage still holds.
    PipelineModel refitted =
        pipeline(spec, candidates(o).get(bestName)).fit(fit.union(calibration));
    best = new HealthModel(draft, refitted);
    HealthModel banded = new HealthModel(draft, bestPipeline(best));
    RulMetrics check =
        RulMetrics.of(
            banded.score(
                RulPoints.cuts(data, o.check(), spec, o.cuts(), MIN_CUT_CYCLE, o.seed())
                    .frame(spark, spec, o.cap())),
            o.cap());
    RulMetrics everyCycle =
        RulMetrics.of(
            banded.score(RulPoints.everyCycle(data, o.check(), spec).frame(spark, spec, o.cap())),
            o.cap());
    fit.unpersist();
    calibration.unpersist();

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
    bestPipeline(best).write().overwrite().save(o.out().resolve(HealthModel.PIPELINE).toString());
    manifest.write(o.out());
    return new Result(manifest, check, everyCycle);
  }

  /**
   * Split-conformal half-width: the ⌈(n+1)·coverage⌉-th smallest absolute residual on the
   * calibration points, so that a new exchangeable point's truth lies within ±width of its
   * prediction with probability at least {@code coverage}.
   */
  static double conformalHalfWidth(RulMetrics calibration, int cap, double coverage) {
    double[] residuals =
        calibration.predictions().stream()
            .mapToDouble(p -> Math.abs(p.rulCycles() - RulTarget.capped(p.rul(), cap)))
            .sorted()
            .toArray();
    int n = residuals.length;
    int k = (int) Math.ceil((n + 1) * coverage);
    return k > n ? Double.POSITIVE_INFINITY : residuals[k - 1];
  }

  private static PipelineModel bestPipeline(HealthModel model) {
    return model.pipeline();
  }

  /** Both candidates; why each is here is in the README (section Health model). */
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

  /** The features assembled into one vector, then {@code regressor}. */
  private static Pipeline pipeline(Features spec, PipelineStage regressor) {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler()
                  .setInputCols(spec.names().toArray(String[]::new))
                  .setOutputCol("features"),
              regressor
            });
  }

  static Map<String, PipelineStage> candidates(Options o) {
    Map<String, PipelineStage> out = new LinkedHashMap<>();
    out.put(
        "gbt",
        new GBTRegressor()
            .setMaxIter(o.trees())
            .setMaxDepth(5)
            .setStepSize(0.1)
            .setSubsamplingRate(0.8)
            .setMinInstancesPerNode(10)
            .setSeed(o.seed()));
    out.put(
        "random_forest",
        new RandomForestRegressor()
            .setNumTrees(o.trees())
            .setMaxDepth(10)
            .setMinInstancesPerNode(5)
            .setFeatureSubsetStrategy("onethird")
            .setSeed(o.seed()));
    return out;
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
    units.put("calibration", o.calibration().text());
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
