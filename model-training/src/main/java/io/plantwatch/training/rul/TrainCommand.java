package io.plantwatch.training.rul;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.analytics.health.ModelManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/plantwatch model train}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    usageHelpWidth = 100,
    description = {
      "Trains the health model (remaining useful life, capped) with Spark MLlib from run-to-failure"
          + " data: first puts the recipe through the validation protocol (repeated cross-validation"
          + " by unit, scored at test-like truncation points), whose residuals calibrate the band"
          + " and whose figures are printed and recorded, then fits it on every unit and saves an"
          + " MLlib pipeline directory with manifest.json.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  bin/plantwatch model train --train testdata/cmapss/train_FD001.txt --out /tmp/rul-model"
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--train",
      required = true,
      paramLabel = "FILE",
      description =
          "Run-to-failure data: C-MAPSS text, or a plant's window statistics exported from"
              + " InfluxDB (.csv) or as Parquet (.parquet or a directory): columns machine, metric,"
              + " avg and windowEnd|time|_time, optionally site, line; one tumbling window as long"
              + " as plantwatch.health.cycle; each machine's last window is its failure.")
  Path train;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model directory to write (replaced if it exists).")
  Path out;

  @Option(
      names = "--units",
      paramLabel = "UNITS",
      description = "Units to validate and fit on, e.g. 1-85 (default: every unit of --train).")
  String units;

  @Mixin RecipeOptions recipe;

  @Mixin ProtocolOptions protocol;

  @Option(
      names = "--coverage",
      defaultValue = "0.9",
      paramLabel = "P",
      description = "Stated coverage of [rul_low, rul_high] (default: ${DEFAULT-VALUE}).")
  double coverage;

  @Option(names = "--json", description = "Print the manifest as JSON instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    RulTraining.Options options;
    try {
      if (coverage <= 0 || coverage >= 1) {
        throw new IllegalArgumentException("--coverage must be between 0 and 1, got " + coverage);
      }
      options =
          new RulTraining.Options(
              train,
              out,
              units == null ? null : UnitRange.parse(units),
              recipe.recipe(),
              coverage,
              protocol.settings());
    } catch (IllegalArgumentException e) {
      err.println("plantwatch model train: " + e.getMessage());
      return 2;
    }
    RulTraining.Result result;
    try (SparkSession spark = BatchSpark.session("plantwatch-model-train")) {
      result = RulTraining.train(spark, options, json ? null : o);
    } catch (IOException | IllegalArgumentException e) {
      err.println("plantwatch model train: " + e.getMessage());
      return 2;
    }
    ModelManifest m = result.manifest();
    if (json) {
      ObjectNode node = ModelManifest.JSON.valueToTree(m);
      o.println(ModelManifest.JSON.writeValueAsString(node));
    } else {
      o.printf("model          %s (%s) -> %s%n", m.name(), m.algorithm(), out);
      o.printf("sensors        %s%n", String.join(",", m.sensors()));
      o.printf(
          "features       %d (horizon %d windows, smoothing %s), cap %d cycles%n",
          m.features().size(), m.horizon(), m.smoothing(), m.cap());
      o.printf("units          %s%n", m.units().get("fit"));
      result.figures().print(o);
      o.printf(
          Locale.ROOT,
          "band           %.0f %% coverage: half-width %s for predictions below %s cycles%n",
          100 * m.coverage(),
          m.bandHalfWidths().stream().map(w -> String.format(Locale.ROOT, "%.2f", w)).toList(),
          m.bandEdges());
      o.printf(Locale.ROOT, "training time  %.1f s%n", m.trainingSeconds());
    }
    o.flush();
    return 0;
  }
}
