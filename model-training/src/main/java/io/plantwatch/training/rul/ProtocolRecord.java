package io.plantwatch.training.rul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The protocol's out-of-fold predictions, saved next to the model ({@value #FILE}) by {@code model
 * train}: {@code evaluate rul --protocol} and {@code evaluate alerts --protocol} read them instead
 * of fitting the recipe on every fold again, when the recipe, the protocol's settings and the
 * training file's hash are the same. Anything else (another file, other settings, a model without
 * the file) is fitted again.
 */
public final class ProtocolRecord {
  public static final String FILE = "protocol.json";

  private ProtocolRecord() {}

  static void save(Path dir, ValidationProtocol.Result r, String sha) throws IOException {
    ObjectNode root = ModelManifest.JSON.createObjectNode();
    root.put("trainingSha256", sha);
    root.put("key", key(r.recipe(), r.settings()));
    root.put("seconds", r.seconds());
    ArrayNode repeats = root.putArray("repeats");
    for (ValidationProtocol.Repeat repeat : r.repeats()) {
      ObjectNode n = repeats.addObject();
      ObjectNode folds = n.putObject("foldOf");
      repeat.foldOf().forEach((unit, fold) -> folds.put(unit.toString(), fold));
      ObjectNode predictions = n.putObject("predictions");
      repeat
          .predictions()
          .forEach(
              (unit, p) -> {
                ArrayNode a = predictions.putArray(unit.toString());
                for (double v : p) {
                  a.add(v);
                }
              });
    }
    ModelManifest.JSON.writer().writeValue(dir.resolve(FILE).toFile(), root);
  }

  /** The saved run of {@code dir} if it matches, else null. */
  /**
   * The protocol of {@code modelDir}'s recipe over {@code data} (read from {@code train}): its
   * saved run when it matches, else fitted now.
   */
  public static ValidationProtocol.Result of(
      SparkSession spark,
      Path modelDir,
      Path train,
      TreeMap<Integer, Trajectory> data,
      Recipe recipe,
      ValidationProtocol.Settings settings,
      double coverage,
      PrintWriter progress)
      throws IOException {
    ValidationProtocol.Result saved =
        load(modelDir, data, RulTraining.sha256(train), recipe, settings, coverage);
    if (saved != null) {
      if (progress != null) {
        progress.printf("protocol       the run saved in %s%n", modelDir.resolve(FILE));
      }
      return saved;
    }
    return ValidationProtocol.run(spark, data, recipe, settings, coverage, progress);
  }

  static ValidationProtocol.Result load(
      Path dir,
      TreeMap<Integer, Trajectory> data,
      String sha,
      Recipe recipe,
      ValidationProtocol.Settings settings,
      double coverage)
      throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonNode root = ModelManifest.JSON.readTree(file.toFile());
    if (!sha.equals(root.path("trainingSha256").asText())
        || !key(recipe, settings).equals(root.path("key").asText())) {
      return null;
    }
    List<ValidationProtocol.Repeat> repeats = new ArrayList<>();
    for (JsonNode n : root.get("repeats")) {
      Map<Integer, Integer> foldOf = new HashMap<>();
      Map<Integer, double[]> predictions = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("foldOf").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        foldOf.put(Integer.parseInt(e.getKey()), e.getValue().asInt());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("predictions").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        double[] p = new double[e.getValue().size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = e.getValue().get(i).asDouble();
        }
        predictions.put(Integer.parseInt(e.getKey()), p);
      }
      repeats.add(new ValidationProtocol.Repeat(predictions, foldOf, new HashMap<>()));
    }
    if (!repeats.isEmpty() && !repeats.get(0).foldOf().keySet().equals(data.keySet())) {
      return null;
    }
    return ValidationProtocol.assemble(
        data, recipe, settings, coverage, repeats, root.path("seconds").asDouble());
  }

  /** What the out-of-fold predictions depend on (the band is calibrated from them again). */
  private static String key(Recipe recipe, ValidationProtocol.Settings s) {
    Map<String, String> fitted = new java.util.LinkedHashMap<>(recipe.toMap());
    fitted.remove("band");
    return fitted + " " + s;
  }
}
