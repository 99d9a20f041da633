package io.plantwatch.training.rul;

import io.plantwatch.analytics.health.Features;
import io.plantwatch.analytics.health.MachineHistory;
import io.plantwatch.analytics.health.MetricWindow;
import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Points where the model is fitted or scored: a unit, a cycle, the true remaining life there and
 * the features after that cycle, computed by walking the unit's trajectory through a {@link
 * MachineHistory} exactly as the streaming job walks a machine's windows.
 */
public record RulPoints(List<Point> points) {

  /** One scoring point; {@code rul} is the true, uncapped remaining life. */
  public record Point(int unit, int cycle, int rul, double[] features) {}

  /** The features after every cycle of {@code trajectory}, oldest first. */
  public static List<double[]> walk(Trajectory trajectory, Features spec) {
    MachineHistory history = new MachineHistory(spec);
    List<double[]> out = new ArrayList<>(trajectory.cycles().size());
    for (Map<String, Double> cycle : trajectory.cycles()) {
      Map<String, MetricWindow> window = new HashMap<>();
      cycle.forEach((metric, value) -> window.put(metric, MetricWindow.of(value)));
      history.add(window);
      out.add(history.features());
    }
    return out;
  }

  /** Every cycle of the units in {@code units} of run-to-failure data. */
  public static RulPoints everyCycle(
      Map<Integer, Trajectory> data, UnitRange units, Features spec) {
    List<Point> points = new ArrayList<>();
    for (Trajectory t : data.values()) {
      if (units.contains(t.unit())) {
        List<double[]> features = walk(t, spec);
        for (int c = 1; c <= t.lastCycle(); c++) {
          points.add(new Point(t.unit(), c, t.lastCycle() - c, features.get(c - 1)));
        }
      }
    }
    return new RulPoints(points);
  }

  /**
   * Test trajectories made from run-to-failure units, as the C-MAPSS test split is made: each unit
   * of {@code units} cut after {@code cuts} different cycles drawn at random (seeded) from {@code
   * minCycle} to its last, scored at the cut.
   */
  public static RulPoints cuts(
      Map<Integer, Trajectory> data,
      UnitRange units,
      Features spec,
      int cuts,
      int minCycle,
      long seed) {
    Random random = new Random(seed);
    List<Point> points = new ArrayList<>();
    for (Trajectory t : data.values()) {
      if (!units.contains(t.unit())) {
        continue;
      }
      List<Integer> candidates = new ArrayList<>();
      for (int c = Math.min(minCycle, t.lastCycle()); c <= t.lastCycle(); c++) {
        candidates.add(c);
      }
      Collections.shuffle(candidates, random);
      List<double[]> features = walk(t, spec);
      for (int c : candidates.subList(0, Math.min(cuts, candidates.size()))) {
        points.add(new Point(t.unit(), c, t.lastCycle() - c, features.get(c - 1)));
      }
    }
    return new RulPoints(points);
  }

  /** The last cycle of every test trajectory, with the true remaining lives of {@code rul}. */
  public static RulPoints lastCycles(
      Map<Integer, Trajectory> test, List<Integer> rul, Features spec) {
    if (rul.size() != test.size()) {
      throw new IllegalArgumentException(
          "the RUL file has " + rul.size() + " lines but the test file " + test.size() + " units");
    }
    List<Point> points = new ArrayList<>();
    int i = 0;
    for (Trajectory t : test.values()) {
      List<double[]> features = walk(t, spec);
      points.add(new Point(t.unit(), t.lastCycle(), rul.get(i++), features.get(t.lastCycle() - 1)));
    }
    return new RulPoints(points);
  }

  public int size() {
    return points.size();
  }

  /** Columns {@code unit, cycle, rul, label} (rul capped at {@code cap}) and the features. */
  public Dataset<Row> frame(SparkSession spark, Features spec, int cap) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("unit", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("cycle", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("rul", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
    for (String name : spec.names()) {
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
    }
    List<Row> rows = new ArrayList<>(points.size());
    for (Point p : points) {
      if (p.features() == null) {
        continue;
      }
      Object[] values = new Object[p.features().length + 4];
      values[0] = p.unit();
      values[1] = p.cycle();
      values[2] = p.rul();
      values[3] = RulTarget.capped(p.rul(), cap);
      for (int j = 0; j < p.features().length; j++) {
        values[j + 4] = p.features()[j];
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }
}
