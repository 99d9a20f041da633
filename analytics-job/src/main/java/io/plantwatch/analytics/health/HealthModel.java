package io.plantwatch.analytics.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained health model: the MLlib pipeline ({@code DIR/pipeline}) and its manifest ({@code
 * DIR/manifest.json}). {@link #score} adds {@code rul_cycles} (the prediction, kept within 0 and
 * the cap), {@code rul_low} and {@code rul_high} (the conformal band, its half-width by range of
 * the prediction) to rows holding the feature columns.
 */
public final class HealthModel implements Serializable {
  public static final String PIPELINE = "pipeline";

  /**
   * Columns the learners of a model write before its last stage names the prediction: the contract
   * between model-training, which builds the pipeline, and the scorer here.
   */
  public static final String GBT_PREDICTION = "gbt_prediction";

  public static final String FOREST_PREDICTION = "forest_prediction";

  /** A linear model's RUL, which the trees see next to the features. */
  public static final String LINEAR_RUL = "linear_rul";

  public static final String TREE_FEATURES = "tree_features";

  private final ModelManifest manifest;
  private final PipelineModel pipeline;

  public HealthModel(ModelManifest manifest, PipelineModel pipeline) {
    this.manifest = manifest;
    this.pipeline = pipeline;
  }

  /** Loads {@code dir}; a missing or incompatible directory is an error naming it and the cause. */
  public static HealthModel load(Path dir) {
    ModelManifest manifest = checkedManifest(dir);
    String where = "health model " + dir.toAbsolutePath();
    Path pipelineDir = dir.resolve(PIPELINE);
    if (!Files.isDirectory(pipelineDir)) {
      throw new ModelLoadException(where + ": no " + PIPELINE + "/ directory", null);
    }
    PipelineModel pipeline;
    try {
      pipeline = PipelineModel.load(pipelineDir.toString());
    } catch (Exception e) {
      // Scala code throws checked exceptions undeclared (a JsonParseException for bad metadata).
      throw new ModelLoadException(
          where + ": " + PIPELINE + "/ is not an MLlib pipeline: " + e.getMessage(), e);
    }
    Transformer first = pipeline.stages().length == 0 ? null : pipeline.stages()[0];
    if (!(first instanceof VectorAssembler assembler)
        || !List.of(assembler.getInputCols()).equals(manifest.features())) {
      throw new ModelLoadException(
          where + ": the pipeline's inputs do not match the manifest's features", null);
    }
    return new HealthModel(manifest, pipeline);
  }

  public PipelineModel pipeline() {
    return pipeline;
  }

  /**
   * The manifest of {@code dir}, checked without Spark: it exists, has this version's format, and
   * its features are what this version computes. Errors name the directory and the mismatch.
   */
  public static ModelManifest checkedManifest(Path dir) {
    String where = "health model " + dir.toAbsolutePath();
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(where + ": no such directory", null);
    }
    Path manifestFile = dir.resolve(ModelManifest.FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new ModelLoadException(
          where + ": no " + ModelManifest.FILE + " (not a directory written by model train)", null);
    }
    ModelManifest manifest;
    try {
      manifest = ModelManifest.read(manifestFile);
    } catch (IOException e) {
      throw new ModelLoadException(
          where + ": unreadable " + ModelManifest.FILE + ": " + e.getMessage(), e);
    }
    if (!ModelManifest.FORMAT.equals(manifest.format())
        && !ModelManifest.FORMAT_1.equals(manifest.format())) {
      throw new ModelLoadException(
          where
              + ": format '"
              + manifest.format()
              + "' but this version reads '"
              + ModelManifest.FORMAT
              + "' (or '"
              + ModelManifest.FORMAT_1
              + "'); train it again",
          null);
    }
    Features spec;
    try {
      spec = manifest.featureSpec();
    } catch (RuntimeException e) {
      throw new ModelLoadException(where + ": bad feature spec: " + e.getMessage(), e);
    }
    if (!spec.names().equals(manifest.features())) {
      throw new ModelLoadException(
          where
              + ": its features "
              + manifest.features()
              + " are not the ones this version computes from its sensors and horizon "
              + spec.names(),
          null);
    }
    return manifest;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public Features features() {
    return manifest.featureSpec();
  }

  /**
   * Adds {@code rul_cycles, rul_low, rul_high} to {@code rows} (which hold the feature columns).
   */
  public Dataset<Row> score(Dataset<Row> rows) {
    Dataset<Row> predicted =
        pipeline
            .transform(rows)
            .withColumn(
                "rul_cycles",
                least(greatest(col("prediction"), lit(0.0)), lit((double) manifest.cap())));
    Column q = halfWidth(col("rul_cycles"));
    return predicted
        .withColumn("rul_low", greatest(col("rul_cycles").minus(q), lit(0.0)))
        .withColumn("rul_high", col("rul_cycles").plus(q))
        .drop(
            "prediction", "features", LINEAR_RUL, TREE_FEATURES, GBT_PREDICTION, FOREST_PREDICTION);
  }

  /** The band's half-width around {@code rul}, as {@link ModelManifest#halfWidthAt}. */
  private Column halfWidth(Column rul) {
    List<Double> edges = manifest.bandEdges();
    List<Double> widths = manifest.bandHalfWidths();
    Column width = lit(widths.get(widths.size() - 1));
    for (int i = edges.size() - 1; i >= 0; i--) {
      width = when(rul.lt(edges.get(i)), widths.get(i)).otherwise(width);
    }
    return width;
  }

  /**
   * A DataFrame of {@code key} (a string) and the feature columns, from vectors of {@link
   * Features#of}.
   */
  public static Dataset<Row> featureFrame(
      SparkSession spark, Features spec, List<String> keys, List<double[]> vectors) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("key", DataTypes.StringType, false));
    for (String name : spec.names()) {
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
    }
    List<Row> rows = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      Object[] values = new Object[vectors.get(i).length + 1];
      values[0] = keys.get(i);
      for (int j = 0; j < vectors.get(i).length; j++) {
        values[j + 1] = vectors.get(i)[j];
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }
}
