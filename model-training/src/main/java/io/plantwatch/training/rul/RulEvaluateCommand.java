package io.plantwatch.training.rul;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.analytics.health.Features;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelLoadException;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.telemetry.CmapssFile;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/plantwatch evaluate rul}. */
@Command(
    name = "rul",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    usageHelpWidth = 100,
    description = {
      "Scores the health model on a test split: per point the predicted remaining life and its"
          + " band, then RMSE (true RUL capped as in training, and uncapped), PHM08 score and band"
          + " coverage.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/plantwatch evaluate rul --model /tmp/rul-model --train testdata/cmapss/train_FD001.txt --protocol",
      "A test split (NASA's test_FD001.txt with its RUL_FD001.txt, not shipped here): --test FILE"
          + " --rul FILE."
    })
public final class RulEvaluateCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model directory written by model train.")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Split split;

  static final class Split {
    @ArgGroup(exclusive = false)
    TestSplit test;

    @ArgGroup(exclusive = false)
    TrainSplit train;
  }

  static final class TestSplit {
    @Option(
        names = "--test",
        required = true,
        paramLabel = "FILE",
        description = "Test trajectories, C-MAPSS text format; scored at their last cycle.")
    Path test;

    @Option(
        names = "--rul",
        required = true,
        paramLabel = "FILE",
        description = "True remaining life of each test unit, one a line.")
    Path rul;
  }

  static final class TrainSplit {
    @Option(
        names = "--train",
        required = true,
        paramLabel = "FILE",
        description =
            "Run-to-failure data; units cut at random points (seeded) make the test split.")
    Path train;

    @Option(
        names = {"--units", "--holdout-units"},
        defaultValue = "86-100",
        paramLabel = "UNITS",
        description =
            "Units of --train to cut (default: ${DEFAULT-VALUE}); held out only if the model was"
                + " trained without them (model train --units).")
    String units;

    @Option(
        names = "--cuts",
        defaultValue = "10",
        paramLabel = "N",
        description = "Cut points per unit (default: ${DEFAULT-VALUE}).")
    int cuts;

    @Option(
        names = "--seed",
        defaultValue = "7",
        description = "Seed of the cut points (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--protocol",
        description =
            "Instead of cutting --units: the validation protocol over every unit of --train. The"
                + " model's recipe (its manifest) is fitted again on each fold and the held-out"
                + " units scored at test-like truncations: mean and 95 % interval of RMSE, PHM08"
                + " score and band coverage, and coverage per remaining-life range.")
    boolean protocol;
  }

  @Mixin ProtocolOptions protocolOptions;

  @Option(names = "--json", description = "One JSON object instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    try {
      // Before Spark starts: a wrong directory is told at once.
      HealthModel.checkedManifest(model);
    } catch (ModelLoadException e) {
      err.println("plantwatch evaluate rul: " + e.getMessage());
      return 2;
    }
    try (SparkSession spark = BatchSpark.session("plantwatch-evaluate-rul")) {
      if (split.train != null && split.train.protocol) {
        return protocol(spark, out);
      }
      HealthModel health = HealthModel.load(model);
      Features features = health.features();
      RulPoints points;
      if (split.test != null) {
        TreeMap<Integer, Trajectory> test = CmapssData.read(split.test.test);
        points = RulPoints.lastCycles(test, CmapssFile.readRul(split.test.rul), features);
      } else {
        if (split.train.cuts < 1) {
          throw new IllegalArgumentException("--cuts must be positive");
        }
        TreeMap<Integer, Trajectory> data = CmapssData.read(split.train.train);
        UnitRange units = UnitRange.parse(split.train.units);
        points =
            RulPoints.cuts(
                data, units, features, split.train.cuts, Truncations.MIN_HISTORY, split.train.seed);
        if (points.size() == 0) {
          throw new IllegalArgumentException("units " + units + " are not in " + split.train.train);
        }
      }
      int cap = health.manifest().cap();
      Dataset<Row> frame = points.frame(spark, features, cap).cache();
      frame.count();
      long started = System.nanoTime();
      RulMetrics metrics = RulMetrics.of(health.score(frame), cap);
      double scoringMs = (System.nanoTime() - started) / 1e6;
      print(out, health.manifest(), metrics, scoringMs);
      return 0;
    } catch (ModelLoadException | IOException | IllegalArgumentException e) {
      err.println("plantwatch evaluate rul: " + e.getMessage());
      return 2;
    }
  }

  /** {@code --protocol}: the model's recipe through the validation protocol. */
  private int protocol(SparkSession spark, PrintWriter out) throws IOException {
    ModelManifest m = HealthModel.checkedManifest(model);
    Recipe recipe = Recipe.of(m);
    TreeMap<Integer, Trajectory> data = RulTraining.read(spark, split.train.train, null);
    ValidationProtocol.Result result =
        ProtocolRecord.of(
            spark,
            model,
            split.train.train,
            data,
            recipe,
            protocolOptions.settings(),
            m.coverage(),
            json ? null : out);
    ProtocolFigures figures = result.figures(recipe.cap(), m.coverage());
    if (json) {
      ObjectNode o = ModelManifest.JSON.createObjectNode();
      o.put("model", m.name());
      o.putPOJO("recipe", recipe.toMap());
      o.putPOJO("protocol", figures.toMap());
      o.putPOJO("split_rmse", figures.splitRmse());
      o.putPOJO("band_edges", result.band().edges());
      o.putPOJO("band_half_widths", result.band().halfWidths());
      o.put("seconds", result.seconds());
      out.println(ModelManifest.JSON.writeValueAsString(o));
    } else {
      out.printf("model          %s, recipe %s%n", m.name(), recipe.toMap());
      figures.print(out);
      out.printf(
          Locale.ROOT,
          "band           calibrated on every repeat: half-width %s for predictions below %s%n",
          result.band().halfWidths().stream()
              .map(w -> String.format(Locale.ROOT, "%.2f", w))
              .toList(),
          result.band().edges());
      out.printf(Locale.ROOT, "protocol time  %.1f s%n", result.seconds());
    }
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, ModelManifest m, RulMetrics metrics, double scoringMs)
      throws IOException {
    if (json) {
      ObjectNode o = ModelManifest.JSON.createObjectNode();
      o.put("model", m.name());
      o.put(
          "units",
          metrics.predictions().stream().map(RulMetrics.Prediction::unit).distinct().count());
      o.put("points", metrics.points());
      o.put("cap", m.cap());
      o.put("rmse", metrics.rmse());
      o.put("rmse_uncapped", metrics.rmseUncapped());
      o.put("phm08_score", metrics.phm08Score());
      o.put("band_coverage", metrics.bandCoverage());
      o.put("stated_coverage", m.coverage());
      o.put("scoring_ms", scoringMs);
      ArrayNode list = o.putArray("predictions");
      for (RulMetrics.Prediction p : metrics.predictions()) {
        ObjectNode n = list.addObject();
        n.put("unit", p.unit());
        n.put("cycle", p.cycle());
        n.put("rul", p.rul());
        n.put("rul_cycles", p.rulCycles());
        n.put("rul_low", p.rulLow());
        n.put("rul_high", p.rulHigh());
      }
      out.println(
          ModelManifest.JSON
              .writer()
              .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(o));
    } else {
      out.printf("%6s %6s %6s %10s %8s %8s%n", "unit", "cycle", "rul", "predicted", "low", "high");
      for (RulMetrics.Prediction p : metrics.predictions()) {
        out.printf(
            Locale.ROOT,
            "%6d %6d %6d %10.2f %8.2f %8.2f%n",
            p.unit(),
            p.cycle(),
            p.rul(),
            p.rulCycles(),
            p.rulLow(),
            p.rulHigh());
      }
      out.printf("model          %s%n", m.name());
      printTotals(out, metrics, "totals");
      out.printf(
          Locale.ROOT,
          "stated band    %.0f %% coverage, +-%.2f cycles%n",
          100 * m.coverage(),
          m.bandHalfWidth());
      out.printf(
          Locale.ROOT,
          "scoring        %.1f ms for %d points (one Spark job)%n",
          scoringMs,
          metrics.points());
    }
    out.flush();
  }

  static void printTotals(PrintWriter out, RulMetrics m, String label) {
    out.printf(
        Locale.ROOT,
        "%-14s points %d  rmse %.2f  rmse_uncapped %.2f  phm08_score %.1f  band_coverage %.3f%n",
        label,
        m.points(),
        m.rmse(),
        m.rmseUncapped(),
        m.phm08Score(),
        m.bandCoverage());
  }
}
