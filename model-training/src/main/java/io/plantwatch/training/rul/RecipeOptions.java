package io.plantwatch.training.rul;

import picocli.CommandLine.Option;

/** The recipe's options of {@code model train}: what the protocol validates and the model is. */
public final class RecipeOptions {
  @Option(
      names = "--horizon",
      defaultValue = "30",
      paramLabel = "WINDOWS",
      description = "Windows the recent statistics look back over (default: ${DEFAULT-VALUE}).")
  int horizon;

  @Option(
      names = "--smoothing",
      defaultValue = Recipe.DEFAULT_SMOOTHING,
      paramLabel = "SPANS",
      description =
          "Spans in windows of the exponentially smoothed levels and trends per sensor, e.g."
              + " 10,40; empty = none (default: '${DEFAULT-VALUE}').")
  String smoothing;

  @Option(
      names = "--from-cycle",
      defaultValue = Recipe.DEFAULT_FROM_CYCLE,
      paramLabel = "CYCLE",
      description =
          "First cycle of each unit the learners are fitted on; earlier ones are still scored"
              + " (default: ${DEFAULT-VALUE}).")
  int fromCycle;

  @Option(
      names = "--cap",
      defaultValue = "125",
      paramLabel = "CYCLES",
      description = "Cap of the remaining-life target (default: ${DEFAULT-VALUE}).")
  int cap;

  @Option(
      names = "--trees",
      defaultValue = Recipe.DEFAULT_TREES,
      paramLabel = "N",
      description = "Trees per learner (GBT iterations, forest size; default: ${DEFAULT-VALUE}).")
  int trees;

  @Option(
      names = "--learner",
      defaultValue = Recipe.DEFAULT_LEARNER,
      paramLabel = "NAME",
      description = "gbt, random_forest or mean_gbt_forest (default: ${DEFAULT-VALUE}).")
  String learner;

  @Option(
      names = "--band",
      defaultValue = Recipe.BAND_TRUNCATIONS,
      paramLabel = "HOW",
      description =
          "Band calibration: truncations (residuals at test-like truncation points, a half-width"
              + " per range of the prediction) or every_cycle (one half-width from every cycle, as"
              + " before the protocol; default: ${DEFAULT-VALUE}).")
  String band;

  @Option(
      names = "--seed",
      defaultValue = "7",
      paramLabel = "SEED",
      description = "Seed of the learners (default: ${DEFAULT-VALUE}).")
  long seed;

  Recipe recipe() {
    if (cap < 1 || horizon < 2 || trees < 1 || fromCycle < 1) {
      throw new IllegalArgumentException(
          "--cap, --trees and --from-cycle must be positive, --horizon at least 2");
    }
    return new Recipe(horizon, Recipe.spans(smoothing), fromCycle, cap, trees, learner, band, seed);
  }
}
