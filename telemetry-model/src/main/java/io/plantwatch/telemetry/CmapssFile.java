package io.plantwatch.telemetry;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * NASA C-MAPSS text files: one row per engine cycle, 26 whitespace-separated columns (unit, cycle,
 * three operational settings, 21 sensors), no header, trailing spaces on every line. The one reader
 * of the format: the device replay publishes its rows and offline training learns from them, under
 * the metric names and units of {@link #CHANNELS}.
 */
public final class CmapssFile {
  public static final int COLUMNS = 26;

  /** Column names after unit and cycle, with the units the literature gives them. */
  public static final List<String[]> CHANNELS =
      List.of(
          new String[] {"op_setting_1", ""},
          new String[] {"op_setting_2", ""},
          new String[] {"op_setting_3", ""},
          new String[] {"T2", "degR"},
          new String[] {"T24", "degR"},
          new String[] {"T30", "degR"},
          new String[] {"T50", "degR"},
          new String[] {"P2", "psia"},
          new String[] {"P15", "psia"},
          new String[] {"P30", "psia"},
          new String[] {"Nf", "rpm"},
          new String[] {"Nc", "rpm"},
          new String[] {"epr", ""},
          new String[] {"Ps30", "psia"},
          new String[] {"phi", "pps/psi"},
          new String[] {"NRf", "rpm"},
          new String[] {"NRc", "rpm"},
          new String[] {"BPR", ""},
          new String[] {"farB", ""},
          new String[] {"htBleed", ""},
          new String[] {"Nf_dmd", "rpm"},
          new String[] {"PCNfR_dmd", "rpm"},
          new String[] {"W31", "lbm/s"},
          new String[] {"W32", "lbm/s"});

  /** One row. {@code values} follows {@link #CHANNELS}. */
  public record Row(int unit, int cycle, double[] values) {}

  private CmapssFile() {}

  /** Every row of {@code file} in file order; a malformed line is an error naming it. */
  public static List<Row> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] cols = trimmed.split("\\s+");
        if (cols.length != COLUMNS) {
          throw new IOException(
              file + " line " + number + ": " + cols.length + " columns, expected " + COLUMNS);
        }
        try {
          double[] values = new double[COLUMNS - 2];
          for (int i = 2; i < COLUMNS; i++) {
            values[i - 2] = Double.parseDouble(cols[i]);
          }
          rows.add(new Row(Integer.parseInt(cols[0]), Integer.parseInt(cols[1]), values));
        } catch (NumberFormatException e) {
          throw new IOException(file + " line " + number + ": not a number: " + e.getMessage());
        }
      }
    }
    return rows;
  }

  /** The true remaining life of each test unit, one integer a line (C-MAPSS {@code RUL_*.txt}). */
  public static List<Integer> readRul(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    List<Integer> out = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      number++;
      if (!line.isBlank()) {
        try {
          out.add(Integer.parseInt(line.strip()));
        } catch (NumberFormatException e) {
          throw new IOException(file + " line " + number + ": not an integer RUL", e);
        }
      }
    }
    return out;
  }
}
