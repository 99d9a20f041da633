package io.plantwatch.training.rul;

import static org.apache.spark.sql.functions.col;

import io.plantwatch.training.rul.CmapssData.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A plant's own run-to-failure history, as window statistics exported from InfluxDB ({@code
 * machine_window_stats} as CSV: {@code influx query} or InfluxQL with {@code Accept: text/csv}) or
 * written as Parquet: one row per machine, metric and window with at least {@code machine}, {@code
 * metric}, {@code avg} and the window's end ({@code windowEnd}, {@code time} or {@code _time}:
 * epoch milliseconds, epoch nanoseconds or ISO-8601). {@code site} and {@code line}, when present,
 * are part of the machine's name. Each machine becomes one trajectory whose cycles are its windows
 * in time order and whose last window is its failure, as in C-MAPSS training data; machines are
 * numbered 1, 2, … in name order for the unit ranges of training.
 *
 * <p>Export a tumbling window as long as {@code plantwatch.health.cycle} (the streaming job scores
 * one cycle per such window); with several windows in the file, the one to use is named by a {@code
 * window} column filter: a file holding more than one window is refused.
 */
public final class WindowExport {
  private static final List<String> TIME = List.of("windowEnd", "time", "_time");

  private WindowExport() {}

  /** Whether {@code file} is an export this class reads rather than C-MAPSS text. */
  public static boolean isExport(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isDirectory(file) || name.endsWith(".csv") || name.endsWith(".parquet");
  }

  /** The machines of the export by unit number, and their names in the same order. */
  public record Machines(TreeMap<Integer, Trajectory> trajectories, List<String> names) {}

  public static Machines read(SparkSession spark, Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(file + ": no such file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Dataset<Row> rows =
        name.endsWith(".csv")
            ? spark.read().option("header", "true").option("comment", "#").csv(file.toString())
            : spark.read().parquet(file.toString());
    List<String> columns = Arrays.asList(rows.columns());
    String time = TIME.stream().filter(columns::contains).findFirst().orElse(null);
    for (String required : List.of("machine", "metric", "avg")) {
      if (!columns.contains(required)) {
        throw new IOException(file + ": no column '" + required + "' (columns: " + columns + ")");
      }
    }
    if (time == null) {
      throw new IOException(
          file + ": no window-end column (windowEnd, time or _time; columns: " + columns + ")");
    }
    if (columns.contains("window")) {
      List<Row> windows = rows.select("window").distinct().collectAsList();
      if (windows.size() > 1) {
        throw new IOException(
            file
                + ": holds several windows "
                + windows.stream().map(r -> String.valueOf(r.get(0))).toList()
                + "; export one tumbling window as long as plantwatch.health.cycle");
      }
    }
    boolean sited = columns.contains("site") && columns.contains("line");
    List<Row> all =
        rows.select(
                sited ? col("site").cast("string") : col("machine").cast("string"),
                sited ? col("line").cast("string") : col("machine").cast("string"),
                col("machine").cast("string"),
                col("metric").cast("string"),
                col(time).cast("string"),
                col("avg").cast("double"))
            .collectAsList();
    TreeMap<String, TreeMap<Long, Map<String, Double>>> byMachine = new TreeMap<>();
    for (Row r : all) {
      if (r.isNullAt(2) || r.isNullAt(3) || r.isNullAt(4) || r.isNullAt(5)) {
        throw new IOException(file + ": a row without machine, metric, time or avg: " + r);
      }
      String machine =
          sited ? r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2) : r.getString(2);
      long end = epochMillis(file, r.getString(4));
      byMachine
          .computeIfAbsent(machine, m -> new TreeMap<>())
          .computeIfAbsent(end, e -> new LinkedHashMap<>())
          .put(r.getString(3), r.getDouble(5));
    }
    TreeMap<Integer, Trajectory> out = new TreeMap<>();
    List<String> names = new ArrayList<>();
    int unit = 0;
    for (Map.Entry<String, TreeMap<Long, Map<String, Double>>> m : byMachine.entrySet()) {
      unit++;
      names.add(m.getKey());
      List<Map<String, Double>> cycles = new ArrayList<>();
      for (Map<String, Double> metrics : m.getValue().values()) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("cycle", (double) (cycles.size() + 1));
        row.putAll(metrics);
        cycles.add(row);
      }
      out.put(unit, new Trajectory(unit, List.copyOf(cycles)));
    }
    return new Machines(out, names);
  }

  static long epochMillis(Path file, String text) throws IOException {
    String t = text.strip();
    try {
      long v = Long.parseLong(t);
      return v > 100_000_000_000_000L ? v / 1_000_000 : v; // nanoseconds (InfluxDB) or millis
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(t).toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new IOException(file + ": '" + text + "' is neither epoch ms/ns nor ISO-8601", e2);
      }
    }
  }
}
