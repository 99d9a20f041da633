package io.plantwatch.analytics.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} next to the MLlib pipeline: what a scorer must know to feed the model (the
 * feature spec and the cap), the band, and where the model came from and how well it did.
 *
 * @param format {@link #FORMAT}; a loader refuses any other
 * @param name the {@code model} tag of {@code machine_health} points
 * @param algorithm the winning candidate
 * @param sensors the informative sensors, detected from the training data
 * @param horizon windows the features look back over
 * @param features the feature column names, in order
 * @param cap the RUL cap in cycles
 * @param coverage the stated coverage of {@code [rul_low, rul_high]}
 * @param bandHalfWidth the conformal half-width in cycles (format 2: of the lowest range)
 * @param trainingFile the training file's name
 * @param trainingSha256 its SHA-256
 * @param units the units fitted on and the protocol's settings (format 1: fit, folds, check units)
 * @param metrics format 1: figures on the check units; empty since the protocol ({@code protocol})
 * @param candidates out-of-fold RMSE (over every cycle of the fit units) of every candidate
 * @param trainingSeconds wall time of the whole training command
 * @param sparkVersion the Spark that wrote the pipeline
 * @param smoothing the spans of the smoothed statistics ({@link Features}); absent in format 1
 * @param recipe how the model was trained (learners, trees, band calibration), so that {@code
 *     evaluate rul --protocol} can fit the same recipe again on other units; absent in format 1
 * @param protocol the cross-validation protocol's figures of the recipe; absent in format 1
 * @param bandEdges predicted remaining lives (ascending) where the band's half-width changes:
 *     prediction below {@code bandEdges[i]} (and not below the previous edge) has half-width {@code
 *     bandHalfWidths[i]}, from the last edge on the last half-width; empty = one half-width
 * @param bandHalfWidths the half-widths, one more than the edges; absent in format 1, where {@code
 *     bandHalfWidth} is the only one
 */
public record ModelManifest(
    String format,
    String name,
    String algorithm,
    List<String> sensors,
    int horizon,
    List<String> features,
    int cap,
    double coverage,
    double bandHalfWidth,
    String trainingFile,
    String trainingSha256,
    Map<String, String> units,
    Map<String, Double> metrics,
    Map<String, Double> candidates,
    double trainingSeconds,
    String sparkVersion,
    List<Integer> smoothing,
    Map<String, String> recipe,
    Map<String, Double> protocol,
    List<Double> bandEdges,
    List<Double> bandHalfWidths) {

  public static final String FORMAT = "plantwatch-rul/2";

  /** Models before smoothed statistics: still scored, with the features they were trained on. */
  public static final String FORMAT_1 = "plantwatch-rul/1";

  public ModelManifest {
    smoothing = smoothing == null ? List.of() : List.copyOf(smoothing);
    recipe = recipe == null ? Map.of() : recipe;
    protocol = protocol == null ? Map.of() : protocol;
    bandEdges = bandEdges == null ? List.of() : List.copyOf(bandEdges);
    bandHalfWidths =
        bandHalfWidths == null || bandHalfWidths.isEmpty()
            ? List.of(bandHalfWidth)
            : List.copyOf(bandHalfWidths);
    if (bandHalfWidths.size() != bandEdges.size() + 1) {
      throw new IllegalArgumentException(
          "the band has " + bandEdges.size() + " edges but " + bandHalfWidths.size() + " widths");
    }
  }

  /** The band's half-width around a prediction of {@code rul} cycles. */
  public double halfWidthAt(double rul) {
    int i = 0;
    while (i < bandEdges.size() && rul >= bandEdges.get(i)) {
      i++;
    }
    return bandHalfWidths.get(i);
  }

  public static final String FILE = "manifest.json";

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Features featureSpec() {
    return new Features(sensors, horizon, smoothing);
  }

  public void write(Path dir) throws IOException {
    JSON.writeValue(dir.resolve(FILE).toFile(), this);
  }

  public static ModelManifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ModelManifest.class);
  }
}
