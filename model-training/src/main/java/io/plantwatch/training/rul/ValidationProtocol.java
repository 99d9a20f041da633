package io.plantwatch.training.rul;

import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import io.plantwatch.training.rul.RulMetrics.Prediction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The validation protocol, whose figures predict what a held-out test split will show: repeated
 * cross-validation grouped by unit (a unit is never in the fit and the scored fold of the same
 * model), each held-out unit scored at truncation points drawn as a test split's ({@link
 * Truncations}), several draws per unit. Every draw over every unit of one repeat is one imitation
 * test split of all units; the figures are the mean over those splits with a confidence interval.
 *
 * <p>The band is calibrated inside the protocol as {@code model train} calibrates it, so its
 * coverage is measured, not assumed: a fold's held-out units get the band calibrated on the other
 * folds' residuals of the same repeat (cross-conformal).
 */
public final class ValidationProtocol {

  /**
   * @param repeats how many times the units are shuffled into folds again
   * @param folds folds of whole units per repeat
   * @param draws truncation draws per unit and repeat, each one point per unit
   * @param seed seeds the folds, the draws and the calibration draws
   */
  public record Settings(int repeats, int folds, int draws, long seed) {
    public Settings {
      if (repeats < 1 || folds < 2 || draws < 1) {
        throw new IllegalArgumentException(
            "--repeats and --draws must be positive and --folds at least 2");
      }
    }
  }

  /** Calibration draws per unit: residuals to calibrate the band on, drawn apart from scoring. */
  static final int CALIBRATION_DRAWS = 20;

  /**
   * Predicted remaining lives where the band's half-width changes: residuals grow as failure nears
   * (the flat part of the target is easy), so one half-width over-covers early life and
   * under-covers the last cycles, where the band matters to alerts.
   */
  static final List<Double> BAND_EDGES = List.of(30.0, 60.0, 90.0);

  /**
   * One repeat: every unit's out-of-fold prediction at every cycle (index cycle - 1), its fold, and
   * each fold's band (calibrated on the other folds).
   */
  public record Repeat(
      Map<Integer, double[]> predictions, Map<Integer, Integer> foldOf, Map<Integer, Band> bands) {

    /** The band around unit {@code unit}'s predictions. */
    public Band bandOf(int unit) {
      return bands.get(foldOf.get(unit));
    }
  }

  /** One imitation test split: a truncation of every unit, scored by repeat {@code repeat}. */
  public record Split(int repeat, List<Prediction> predictions) {}

  /**
   * The outcome: the imitation test splits (in repeat, then draw order), the band calibrated on all
   * repeats (for the model fitted on every unit) and the per-repeat predictions.
   */
  public record Result(
      Settings settings,
      Recipe recipe,
      List<Split> splits,
      Band band,
      List<Repeat> repeats,
      double seconds) {

    /** The figures with their confidence intervals. */
    public ProtocolFigures figures(int cap, double coverage) {
      return ProtocolFigures.of(splits.stream().map(Split::predictions).toList(), cap, coverage);
    }
  }

  private ValidationProtocol() {}

  public static Result run(
      SparkSession spark,
      TreeMap<Integer, Trajectory> data,
      Recipe recipe,
      Settings s,
      double coverage,
      PrintWriter progress) {
    long started = System.nanoTime();
    List<Integer> units = new ArrayList<>(data.keySet());
    if (s.folds() > units.size()) {
      throw new IllegalArgumentException(
          "--folds must be at most the " + units.size() + " units, got " + s.folds());
    }
    List<Repeat> repeats = new ArrayList<>();
    for (int r = 0; r < s.repeats(); r++) {
      List<Integer> shuffled = new ArrayList<>(units);
      Collections.shuffle(shuffled, new Random(s.seed() * 1_000_003L + r));
      Map<Integer, Integer> foldOf = new HashMap<>();
      for (int i = 0; i < shuffled.size(); i++) {
        foldOf.put(shuffled.get(i), i % s.folds());
      }
      Map<Integer, double[]> predictions = new HashMap<>();
      for (int f = 0; f < s.folds(); f++) {
        long foldStarted = System.nanoTime();
        int fold = f;
        List<Integer> fit = units.stream().filter(u -> foldOf.get(u) != fold).toList();
        List<Integer> held = units.stream().filter(u -> foldOf.get(u) == fold).toList();
        predictions.putAll(everyCycle(spark, data, recipe, recipe.fit(spark, data, fit), held));
        if (progress != null) {
          progress.printf(
              Locale.ROOT,
              "protocol       repeat %d/%d fold %d/%d: fitted on %d units in %.0f s%n",
              r + 1,
              s.repeats(),
              f + 1,
              s.folds(),
              fit.size(),
              (System.nanoTime() - foldStarted) / 1e9);
          progress.flush();
        }
      }
      repeats.add(new Repeat(predictions, foldOf, new HashMap<>()));
    }
    return assemble(data, recipe, s, coverage, repeats, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The splits, the bands and the figures from the repeats' out-of-fold predictions: everything
   * after the fits, deterministic given the seed, so a saved run ({@link ProtocolRecord}) gives the
   * same figures without fitting again.
   */
  static Result assemble(
      Map<Integer, Trajectory> data,
      Recipe recipe,
      Settings s,
      double coverage,
      List<Repeat> repeats,
      double seconds) {
    Map<Integer, Integer> lastCycles = new LinkedHashMap<>();
    data.forEach((unit, t) -> lastCycles.put(unit, t.lastCycle()));

    List<Split> splits = new ArrayList<>();
    List<Residual> all = new ArrayList<>();
    for (int r = 0; r < repeats.size(); r++) {
      Repeat repeat = repeats.get(r);
      List<Residual> calibration = calibration(recipe, repeat, lastCycles, s.seed() + 7919L * r);
      all.addAll(calibration);
      for (int f = 0; f < s.folds(); f++) {
        int fold = f;
        repeat
            .bands()
            .put(
                f,
                Band.calibrate(
                    calibration.stream()
                        .filter(c -> repeat.foldOf().get(c.unit()) != fold)
                        .toList(),
                    edges(recipe),
                    recipe.cap(),
                    coverage));
      }
      Random draws = new Random(s.seed() * 31L + r);
      for (int d = 0; d < s.draws(); d++) {
        List<Prediction> split = new ArrayList<>();
        for (Truncations.Cut cut : Truncations.draw(lastCycles, draws)) {
          double predicted = repeat.predictions().get(cut.unit())[cut.cycle() - 1];
          double w = repeat.bandOf(cut.unit()).halfWidthAt(predicted);
          split.add(
              new Prediction(
                  cut.unit(),
                  cut.cycle(),
                  cut.rul(),
                  predicted,
                  Math.max(0, predicted - w),
                  predicted + w));
        }
        splits.add(new Split(r, split));
      }
    }
    Band band = Band.calibrate(all, edges(recipe), recipe.cap(), coverage);
    return new Result(s, recipe, splits, band, repeats, seconds);
  }

  private static List<Double> edges(Recipe recipe) {
    return recipe.band().equals(Recipe.BAND_TRUNCATIONS) ? BAND_EDGES : List.of();
  }

  /** A prediction and its truth (capped), a point the band is calibrated on. */
  record Residual(int unit, double predicted, double truth) {}

  /**
   * The points the band is calibrated on: {@value #CALIBRATION_DRAWS} test-like truncations of
   * every unit, or every cycle for the recipe of models before the protocol.
   */
  static List<Residual> calibration(
      Recipe recipe, Repeat repeat, Map<Integer, Integer> lastCycles, long seed) {
    List<Residual> out = new ArrayList<>();
    if (recipe.band().equals(Recipe.BAND_EVERY_CYCLE)) {
      lastCycles.forEach(
          (unit, last) -> {
            double[] p = repeat.predictions().get(unit);
            for (int c = 1; c <= last; c++) {
              out.add(new Residual(unit, p[c - 1], RulTarget.capped(last, c, recipe.cap())));
            }
          });
      return out;
    }
    Random random = new Random(seed);
    for (int d = 0; d < CALIBRATION_DRAWS; d++) {
      for (Truncations.Cut cut : Truncations.draw(lastCycles, random)) {
        out.add(
            new Residual(
                cut.unit(),
                repeat.predictions().get(cut.unit())[cut.cycle() - 1],
                RulTarget.capped(cut.rul(), recipe.cap())));
      }
    }
    return out;
  }

  /** The fitted recipe's prediction at every cycle of {@code held}, by unit (index cycle - 1). */
  static Map<Integer, double[]> everyCycle(
      SparkSession spark,
      Map<Integer, Trajectory> data,
      Recipe recipe,
      Recipe.Fitted fitted,
      List<Integer> held) {
    HealthModel model = new HealthModel(unbanded(recipe, fitted), fitted.pipeline());
    Map<Integer, double[]> out = new HashMap<>();
    for (int unit : held) {
      out.put(unit, new double[data.get(unit).lastCycle()]);
    }
    for (Row r :
        model
            .score(
                RulPoints.everyCycle(data, UnitRange.of(held), fitted.features())
                    .frame(spark, fitted.features(), recipe.cap()))
            .select("unit", "cycle", "rul_cycles")
            .collectAsList()) {
      out.get(r.getInt(0))[r.getInt(1) - 1] = r.getDouble(2);
    }
    return out;
  }

  /** A manifest good for scoring a fitted recipe before its band is known. */
  static ModelManifest unbanded(Recipe recipe, Recipe.Fitted fitted) {
    return new ModelManifest(
        ModelManifest.FORMAT,
        "protocol",
        recipe.learner(),
        fitted.features().sensors(),
        recipe.horizon(),
        fitted.features().names(),
        recipe.cap(),
        0,
        0,
        "",
        "",
        Map.of(),
        Map.of(),
        Map.of(),
        0,
        "",
        recipe.smoothing(),
        recipe.toMap(),
        Map.of(),
        List.of(),
        List.of());
  }
}
