package io.plantwatch.training.rul;

import io.plantwatch.analytics.health.Features;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the health model from run-to-failure data: the {@link Recipe} (features by {@link
 * Features} over every cycle, target = true RUL capped, the learners) is first put through the
 * {@link ValidationProtocol} over the chosen units, whose out-of-fold residuals at test-like
 * truncation points calibrate the band and whose figures the manifest records; then it is fitted
 * once on all of them. No unit is held out of the shipped model: the protocol already measured what
 * a held-out unit would see, on every unit rather than on 15.
 */
public final class RulTraining {

  /** What {@code model train} takes. */
  public record Options(
      Path train,
      Path out,
      UnitRange units,
      Recipe recipe,
      double coverage,
      ValidationProtocol.Settings protocol) {}

  /** The outcome: the manifest written, and the protocol's figures. */
  public record Result(ModelManifest manifest, ProtocolFigures figures) {}

  private RulTraining() {}

  public static Result train(SparkSession spark, Options o, PrintWriter progress)
      throws IOException {
    long started = System.nanoTime();
    TreeMap<Integer, Trajectory> data = read(spark, o.train(), o.units());
    Recipe recipe = o.recipe();
    ValidationProtocol.Result protocol =
        ValidationProtocol.run(spark, data, recipe, o.protocol(), o.coverage(), progress);
    ProtocolFigures figures = protocol.figures(recipe.cap(), o.coverage());
    Recipe.Fitted fitted = recipe.fit(spark, data, data.keySet());
    double seconds = (System.nanoTime() - started) / 1e9;
    String sha = sha256(o.train());
    Map<String, String> units = new LinkedHashMap<>();
    units.put("fit", UnitRange.of(data.keySet()).text());
    units.put("repeats", Integer.toString(o.protocol().repeats()));
    units.put("folds", Integer.toString(o.protocol().folds()));
    units.put("draws", Integer.toString(o.protocol().draws()));
    units.put("protocol_seed", Long.toString(o.protocol().seed()));
    Band band = protocol.band();
    ModelManifest manifest =
        new ModelManifest(
            ModelManifest.FORMAT,
            "rul-" + recipe.learner() + "-" + sha.substring(0, 8),
            recipe.learner(),
            fitted.features().sensors(),
            recipe.horizon(),
            fitted.features().names(),
            recipe.cap(),
            o.coverage(),
            band.halfWidthAt(0),
            o.train().getFileName().toString(),
            sha,
            units,
            Map.of(),
            Map.of(),
            seconds,
            org.apache.spark.package$.MODULE$.SPARK_VERSION(),
            recipe.smoothing(),
            recipe.toMap(),
            figures.toMap(),
            band.edges(),
            band.halfWidths());
    Files.createDirectories(o.out());
    fitted.pipeline().write().overwrite().save(o.out().resolve(HealthModel.PIPELINE).toString());
    manifest.write(o.out());
    ProtocolRecord.save(o.out(), protocol, sha);
    return new Result(manifest, figures);
  }

  /** The units of {@code range} in {@code train}; an error naming both when there are none. */
  static TreeMap<Integer, Trajectory> read(SparkSession spark, Path train, UnitRange range)
      throws IOException {
    TreeMap<Integer, Trajectory> all =
        WindowExport.isExport(train)
            ? WindowExport.read(spark, train).trajectories()
            : CmapssData.read(train);
    TreeMap<Integer, Trajectory> data = new TreeMap<>();
    all.forEach(
        (unit, t) -> {
          if (range == null || range.contains(unit)) {
            data.put(unit, t);
          }
        });
    if (data.isEmpty()) {
      throw new IllegalArgumentException(
          "units "
              + range
              + " are not in "
              + train
              + " (it has "
              + all.firstKey()
              + "-"
              + all.lastKey()
              + ")");
    }
    return data;
  }

  /** The training data's hash: the file's, or a Parquet directory's. */
  static String sha256(Path train) throws IOException {
    return Files.isDirectory(train) ? directorySha256(train) : CmapssData.sha256(train);
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
}
