package io.plantwatch.training.rul;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.analytics.health.ModelManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
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
          + " data in C-MAPSS text format, compares gradient-boosted trees with a random forest on"
          + " held-back units, calibrates a split-conformal band and saves an MLlib pipeline"
          + " directory with manifest.json.",
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
      names = "--fit-units",
      defaultValue = "1-85",
      paramLabel = "UNITS",
      description =
          "Units the model learns from; their out-of-fold predictions choose the candidate and"
              + " calibrate the band (default: ${DEFAULT-VALUE}).")
  String fitUnits;

  @Option(
      names = "--folds",
      defaultValue = "5",
      paramLabel = "K",
      description = "Folds of whole fit units for cross-fitting (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--check-units",
      defaultValue = "86-100",
      paramLabel = "UNITS",
      description = "Units the reported figures come from (default: ${DEFAULT-VALUE}).")
  String checkUnits;

  @Option(
      names = "--horizon",
      defaultValue = "30",
      paramLabel = "WINDOWS",
      description = "Windows the features look back over (default: ${DEFAULT-VALUE}).")
  int horizon;

  @Option(
      names = "--cap",
      defaultValue = "125",
      paramLabel = "CYCLES",
      description = "Cap of the remaining-life target (default: ${DEFAULT-VALUE}).")
  int cap;

  @Option(
      names = "--coverage",
      defaultValue = "0.9",
      paramLabel = "P",
      description = "Stated coverage of [rul_low, rul_high] (default: ${DEFAULT-VALUE}).")
  double coverage;

  @Option(
      names = "--trees",
      defaultValue = "150",
      paramLabel = "N",
      description = "Trees per candidate (GBT iterations, forest size; default: ${DEFAULT-VALUE}).")
  int trees;

  @Option(
      names = "--cuts",
      defaultValue = "10",
      paramLabel = "N",
      description = "Random cut points per check unit (default: ${DEFAULT-VALUE}).")
  int cuts;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the cuts and the learners (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the manifest as JSON instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    RulTraining.Options options;
    try {
      if (coverage <= 0 || coverage >= 1) {
        throw new IllegalArgumentException("--coverage must be between 0 and 1, got " + coverage);
      }
      if (cap < 1 || horizon < 2 || trees < 1 || cuts < 1) {
        throw new IllegalArgumentException(
            "--cap, --trees and --cuts must be positive, --horizon at least 2");
      }
      options =
          new RulTraining.Options(
              train,
              out,
              UnitRange.parse(fitUnits),
              folds,
              UnitRange.parse(checkUnits),
              horizon,
              cap,
              coverage,
              trees,
              cuts,
              seed);
    } catch (IllegalArgumentException e) {
      err.println("plantwatch model train: " + e.getMessage());
      return 2;
    }
    RulTraining.Result result;
    try (SparkSession spark = BatchSpark.session("plantwatch-model-train")) {
      result = RulTraining.train(spark, options);
    } catch (IOException | IllegalArgumentException e) {
      err.println("plantwatch model train: " + e.getMessage());
      return 2;
    }
    PrintWriter o = spec.commandLine().getOut();
    ModelManifest m = result.manifest();
    if (json) {
      ObjectNode node = ModelManifest.JSON.valueToTree(m);
      o.println(ModelManifest.JSON.writeValueAsString(node));
    } else {
      o.printf("model          %s (%s) -> %s%n", m.name(), m.algorithm(), out);
      o.printf("sensors        %s%n", String.join(",", m.sensors()));
      o.printf(
          "features       %d (horizon %d windows), cap %d cycles%n",
          m.features().size(), m.horizon(), m.cap());
      o.printf("units          fit %s (%d folds), check %s%n", fitUnits, folds, checkUnits);
      for (Map.Entry<String, Double> c : m.candidates().entrySet()) {
        o.printf(
            Locale.ROOT, "candidate      %-16s out-of-fold rmse %7.2f%n", c.getKey(), c.getValue());
      }
      o.printf(
          Locale.ROOT,
          "band           +-%.2f cycles for %.0f %% coverage%n",
          m.bandHalfWidth(),
          100 * m.coverage());
      RulEvaluateCommand.printTotals(o, result.check(), "check (cuts)");
      o.printf(
          Locale.ROOT,
          "every cycle    rmse %.2f  band_coverage %.3f%n",
          result.checkEveryCycle().rmse(),
          result.checkEveryCycle().bandCoverage());
      o.printf(Locale.ROOT, "training time  %.1f s%n", m.trainingSeconds());
    }
    o.flush();
    return 0;
  }
}
