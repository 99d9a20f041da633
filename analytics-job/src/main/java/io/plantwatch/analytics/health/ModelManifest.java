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
 * @param bandHalfWidth the split-conformal half-width in cycles
 * @param trainingFile the training file's name
 * @param trainingSha256 its SHA-256
 * @param units fit units, folds and check units
 * @param metrics figures of the winner on the check units
 * @param candidates out-of-fold RMSE (over every cycle of the fit units) of every candidate
 * @param trainingSeconds wall time of the whole training command
 * @param sparkVersion the Spark that wrote the pipeline
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
    String sparkVersion) {

  public static final String FORMAT = "plantwatch-rul/1";
  public static final String FILE = "manifest.json";

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Features featureSpec() {
    return new Features(sensors, horizon);
  }

  public void write(Path dir) throws IOException {
    JSON.writeValue(dir.resolve(FILE).toFile(), this);
  }

  public static ModelManifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ModelManifest.class);
  }
}
