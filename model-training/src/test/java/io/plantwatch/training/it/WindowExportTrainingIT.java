package io.plantwatch.training.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.it.LocalSpark;
import io.plantwatch.training.rul.CmapssData;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import io.plantwatch.training.rul.Recipe;
import io.plantwatch.training.rul.RulTraining;
import io.plantwatch.training.rul.UnitRange;
import io.plantwatch.training.rul.ValidationProtocol;
import io.plantwatch.training.rul.WindowExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plant trains on its own history: C-MAPSS units written out as the window statistics InfluxDB
 * would export (CSV, and the same as Parquet) read back to exactly the trajectories of the text
 * file, and `model train` accepts the export.
 */
class WindowExportTrainingIT {
  static final Path TRAIN = Path.of("../testdata/cmapss/train_FD001.txt");
  static final long T0 = 1_717_400_000_000L;

  @TempDir Path dir;

  @Test
  void anInfluxCsvOrParquetExportGivesTheSameTrajectoriesAndTrainsAModel() throws Exception {
    SparkSession spark = LocalSpark.session();
    TreeMap<Integer, Trajectory> cmapss = CmapssData.read(TRAIN);
    Path csv = dir.resolve("machine_window_stats.csv");
    List<String> lines = new ArrayList<>();
    lines.add("site,line,machine,metric,window,windowEnd,avg,max,min,count");
    for (int unit = 1; unit <= 12; unit++) {
      List<Map<String, Double>> cycles = cmapss.get(unit).cycles();
      for (int c = 0; c < cycles.size(); c++) {
        for (Map.Entry<String, Double> m : cycles.get(c).entrySet()) {
          if (!m.getKey().equals("cycle")) {
            long end = T0 + (c + 1) * 60_000L;
            lines.add(
                String.join(
                    ",",
                    "fleet",
                    "FD001",
                    String.format("engine-%03d", unit),
                    m.getKey(),
                    "1m/1m",
                    // InfluxDB's CSV gives nanoseconds.
                    Long.toString(end * 1_000_000L),
                    Double.toString(m.getValue()),
                    Double.toString(m.getValue()),
                    Double.toString(m.getValue()),
                    "1"));
          }
        }
      }
    }
    Files.write(csv, lines);

    WindowExport.Machines machines = WindowExport.read(spark, csv);
    assertThat(machines.names()).hasSize(12).startsWith("fleet/FD001/engine-001");
    for (int unit = 1; unit <= 12; unit++) {
      assertThat(machines.trajectories().get(unit).cycles())
          .as("unit %d", unit)
          .isEqualTo(cmapss.get(unit).cycles());
    }

    Path parquet = dir.resolve("machine_window_stats.parquet");
    spark.read().option("header", "true").csv(csv.toString()).write().parquet(parquet.toString());
    assertThat(WindowExport.read(spark, parquet).trajectories()).isEqualTo(machines.trajectories());

    Path model = dir.resolve("model");
    RulTraining.Result r =
        RulTraining.train(
            spark,
            new RulTraining.Options(
                csv,
                model,
                UnitRange.parse("1-6"),
                Recipe.shipped(10, 4, 7),
                0.9,
                new ValidationProtocol.Settings(1, 2, 2, 7)),
            null);
    assertThat(r.manifest().trainingFile()).isEqualTo("machine_window_stats.csv");
    assertThat(HealthModel.load(model).features().names()).isNotEmpty();

    Path twoWindows = dir.resolve("two.csv");
    Files.writeString(
        twoWindows, "machine,metric,window,time,avg\nm1,T50,1m/1m,1000,1\nm1,T50,5m/1m,1000,1\n");
    assertThatThrownBy(() -> WindowExport.read(spark, twoWindows))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("several windows");
    Path noAvg = dir.resolve("noavg.csv");
    Files.writeString(noAvg, "machine,metric,time,mean\nm1,T50,1000,1\n");
    assertThatThrownBy(() -> WindowExport.read(spark, noAvg))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no column 'avg'");
  }
}
