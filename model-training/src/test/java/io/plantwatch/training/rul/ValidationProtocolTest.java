package io.plantwatch.training.rul;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import io.plantwatch.training.rul.RulMetrics.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationProtocolTest {
  static final Recipe RECIPE =
      new Recipe(30, List.of(), 1, 125, 10, "gbt", Recipe.BAND_TRUNCATIONS, 7);

  @Test
  void aFoldIsScoredWithABandItsOwnResidualsNeverCalibrated() {
    // 40 units of 200 cycles in 4 folds; fold 0's predictions are 60 cycles late, the others exact
    TreeMap<Integer, Trajectory> data = new TreeMap<>();
    Map<Integer, Integer> foldOf = new HashMap<>();
    Map<Integer, double[]> predictions = new HashMap<>();
    for (int u = 1; u <= 40; u++) {
      data.put(u, new Trajectory(u, Collections.nCopies(200, Map.of())));
      foldOf.put(u, u % 4);
      double[] p = new double[200];
      for (int c = 1; c <= 200; c++) {
        p[c - 1] = RulTarget.capped(200, c, 125) + (u % 4 == 0 ? 60 : 0);
      }
      predictions.put(u, p);
    }
    ValidationProtocol.Settings settings = new ValidationProtocol.Settings(1, 4, 5, 3);
    ValidationProtocol.Result r =
        ValidationProtocol.assemble(
            data,
            RECIPE,
            settings,
            0.9,
            List.of(new ValidationProtocol.Repeat(predictions, foldOf, new HashMap<>())),
            0);

    assertThat(r.splits()).hasSize(5);
    for (ValidationProtocol.Split split : r.splits()) {
      assertThat(split.predictions())
          .extracting(Prediction::unit)
          .containsExactlyElementsOf(data.keySet());
    }
    // fold 0's band comes from the exact folds only: narrow, and its late predictions miss it
    ValidationProtocol.Repeat repeat = r.repeats().get(0);
    assertThat(repeat.bandOf(4).halfWidthAt(100)).isZero();
    for (ValidationProtocol.Split split : r.splits()) {
      for (Prediction p : split.predictions()) {
        double truth = RulTarget.capped(p.rul(), 125);
        boolean covered = truth >= p.rulLow() && truth <= p.rulHigh();
        assertThat(covered).as("unit %d", p.unit()).isEqualTo(p.unit() % 4 != 0);
      }
    }
    ProtocolFigures f = r.figures(125, 0.9);
    assertThat(f.coverage().mean()).isEqualTo(0.75);
  }

  @Test
  void aSavedRunGivesTheSameFiguresAndAnotherFileOrRecipeIsFittedAgain(@TempDir Path dir)
      throws Exception {
    TreeMap<Integer, Trajectory> data = new TreeMap<>();
    Map<Integer, Integer> foldOf = new HashMap<>();
    Map<Integer, double[]> predictions = new HashMap<>();
    java.util.Random random = new java.util.Random(4);
    for (int u = 1; u <= 20; u++) {
      data.put(u, new Trajectory(u, Collections.nCopies(180, Map.of())));
      foldOf.put(u, u % 2);
      double[] p = new double[180];
      for (int c = 1; c <= 180; c++) {
        p[c - 1] = RulTarget.capped(180, c, 125) + 8 * random.nextGaussian();
      }
      predictions.put(u, p);
    }
    ValidationProtocol.Settings settings = new ValidationProtocol.Settings(1, 2, 3, 3);
    ValidationProtocol.Result run =
        ValidationProtocol.assemble(
            data,
            RECIPE,
            settings,
            0.9,
            List.of(new ValidationProtocol.Repeat(predictions, foldOf, new HashMap<>())),
            12);
    ProtocolRecord.save(dir, run, "abc");
    assertThat(Files.size(dir.resolve(ProtocolRecord.FILE))).isPositive();

    ValidationProtocol.Result loaded = ProtocolRecord.load(dir, data, "abc", RECIPE, settings, 0.9);
    assertThat(loaded.figures(125, 0.9).toMap()).isEqualTo(run.figures(125, 0.9).toMap());
    // the band is calibrated again from the saved predictions: another calibration is welcome
    Recipe everyCycle = new Recipe(30, List.of(), 1, 125, 10, "gbt", Recipe.BAND_EVERY_CYCLE, 7);
    assertThat(ProtocolRecord.load(dir, data, "abc", everyCycle, settings, 0.9)).isNotNull();
    // other data, other learners, other folds: fitted again
    assertThat(ProtocolRecord.load(dir, data, "abd", RECIPE, settings, 0.9)).isNull();
    Recipe forest =
        new Recipe(30, List.of(), 1, 125, 10, "random_forest", Recipe.BAND_TRUNCATIONS, 7);
    assertThat(ProtocolRecord.load(dir, data, "abc", forest, settings, 0.9)).isNull();
    assertThat(
            ProtocolRecord.load(
                dir, data, "abc", RECIPE, new ValidationProtocol.Settings(1, 2, 4, 3), 0.9))
        .isNull();
  }

  @Test
  void aModelFromBeforeRecipesIsValidatedWithThatReleasesRecipe(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("manifest.json"),
        """
        {"format":"plantwatch-rul/1","name":"rul-mean_gbt_forest-963b5e22",
         "algorithm":"mean_gbt_forest","sensors":["T30"],"horizon":30,
         "features":["T30_last","T30_mean","T30_max","T30_min","T30_slope","T30_drift","cycles"],
         "cap":125,"coverage":0.9,"bandHalfWidth":20.67,"trainingFile":"train_FD001.txt",
         "trainingSha256":"963b5e22","units":{},"metrics":{},"candidates":{},
         "trainingSeconds":365,"sparkVersion":"4.0.0"}
        """);
    ModelManifest m = ModelManifest.read(dir.resolve("manifest.json"));
    assertThat(Recipe.of(m))
        .isEqualTo(
            new Recipe(30, List.of(), 1, 125, 150, "mean_gbt_forest", Recipe.BAND_EVERY_CYCLE, 7));
    assertThat(m.halfWidthAt(10)).isEqualTo(20.67);
    assertThat(m.featureSpec().names()).isEqualTo(m.features());
  }
}
