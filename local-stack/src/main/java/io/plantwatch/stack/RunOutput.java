package io.plantwatch.stack;

import io.plantwatch.analytics.windows.WindowSpec;
import java.io.PrintStream;
import java.nio.file.Path;

/** What {@code bin/plantwatch run} tells the user about where its output goes and is. */
final class RunOutput {
  private RunOutput() {}

  static String pointsGoTo(LocalStack stack, StackSettings settings) {
    if (stack.influxd() != null) {
      return "influxd " + stack.influxd().url() + " (database " + InfluxdProcess.DATABASE + ")";
    }
    return settings.influx() == null ? settings.pointsFile().toString() : settings.influx().url();
  }

  /** How to look at the windows the run writes. */
  static String showPoints(LocalStack stack, StackSettings settings) {
    if (stack.influxd() != null) {
      String spec = WindowSpec.parseList(settings.windows()).get(0).label();
      return "plantwatch: the newest windows: "
          + stack
              .influxd()
              .shellCommand(
                  "SELECT last(\"avg\") AS avg, last(\"max\") AS max FROM machine_window_stats"
                      + " WHERE \"window\" = '"
                      + spec
                      + "' GROUP BY machine, metric");
    }
    if (settings.influx() == null) {
      return "plantwatch: points go to a line-protocol file; with InfluxDB 1.x installed (Debian:"
          + " apt-get install influxdb) the run starts it and writes there instead";
    }
    return "plantwatch: points go to " + settings.influx();
  }

  static void printWhereItIs(PrintStream console, StackSettings settings, Path logFile) {
    console.println("plantwatch: stopped. Output in " + settings.out().toAbsolutePath() + ":");
    if (settings.influx() == null && settings.influxd()) {
      console.println(
          "  points  in influxd, data in "
              + settings.influxdDirectory().toAbsolutePath()
              + " (the next run in this folder starts it again)");
    } else if (settings.influx() == null) {
      console.println(
          "  points  "
              + settings.pointsFile().toAbsolutePath()
              + "  (into InfluxDB 1.x: curl -XPOST 'http://localhost:8086/write?db=plantwatch"
              + "&precision=ms' --data-binary @"
              + settings.pointsFile()
              + "; 2.x: influx write --bucket plantwatch --precision ms --file "
              + settings.pointsFile()
              + ")");
    } else {
      console.println("  points  in InfluxDB " + settings.influx().url());
    }
    console.println("  mails   " + settings.outbox().toAbsolutePath());
    if (settings.fleet() != null) {
      console.println(
          "  sent    "
              + settings.fleet().sentLog().toAbsolutePath()
              + "  (every reading the devices sent)");
    }
    console.println("  log     " + logFile);
    console.println(
        "  state   gateway-queue/, kafka/, checkpoint/: a next run in this folder continues from"
            + " here (delete the folder to start clean)");
  }
}
