package io.plantwatch.devices.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.PublisherOptions;
import io.plantwatch.devices.sim.SentLog;
import io.plantwatch.telemetry.CmapssFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gateway replay}: publishes recorded run-to-failure data as device traffic. Each engine
 * unit is a machine, each cycle one multi-metric message, all units interleaved cycle by cycle.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description =
        "Publishes a recorded dataset (C-MAPSS text format) to a site broker as device traffic.")
public final class ReplayCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin PublisherOptions publisher;

  @Option(
      names = "--cmapss",
      required = true,
      paramLabel = "FILE",
      description = "C-MAPSS file, e.g. testdata/cmapss/train_FD001.txt.")
  Path cmapss;

  @Option(names = "--units", description = "Engine units to replay, e.g. 1-10,17 (default: all).")
  String units;

  @Option(
      names = "--site",
      defaultValue = "cmapss",
      description = "Site name (default: ${DEFAULT-VALUE}).")
  String site;

  @Option(
      names = "--line",
      defaultValue = "FD001",
      description = "Line name (default: ${DEFAULT-VALUE}).")
  String line;

  @Option(
      names = "--machine-prefix",
      defaultValue = "engine-",
      description = "Machine name prefix before the unit number (default: ${DEFAULT-VALUE}).")
  String machinePrefix;

  @Option(
      names = "--cycle-ms",
      defaultValue = "60000",
      description = "Event time of one cycle (default: ${DEFAULT-VALUE}).")
  long cycleMillis;

  @Option(
      names = "--speed",
      defaultValue = "0",
      description =
          "Cycles per second of wall-clock time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--start-ts",
      description =
          "Event time of cycle 1, epoch ms (default: now minus the longest unit's duration, so the last cycle lands near now).")
  Long startTs;

  @Override
  public Integer call() throws Exception {
    List<CmapssFile.Row> rows = CmapssFile.read(cmapss);
    UnitSelection selection = UnitSelection.parse(units);
    TreeMap<Integer, List<CmapssFile.Row>> byCycle = new TreeMap<>();
    for (CmapssFile.Row r : rows) {
      if (selection.contains(r.unit())) {
        byCycle.computeIfAbsent(r.cycle(), c -> new ArrayList<>()).add(r);
      }
    }
    if (byCycle.isEmpty()) {
      throw new IllegalArgumentException("no rows of units " + units + " in " + cmapss);
    }
    long start =
        startTs != null
            ? startTs
            : System.currentTimeMillis() - (long) byCycle.lastKey() * cycleMillis;
    long sent = 0;
    long began = System.nanoTime();
    try (DevicePublisher out = publisher.connect();
        SentLog log = new SentLog(publisher.log)) {
      long tick = 0;
      long period = speed <= 0 ? 0 : (long) (1e9 / speed);
      for (var cycle : byCycle.entrySet()) {
        if (period > 0) {
          long wait = began + tick * period - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        tick++;
        for (CmapssFile.Row r : cycle.getValue()) {
          String machine = machinePrefix + r.unit();
          String topic = "plant/" + site + "/" + line + "/" + machine + "/telemetry";
          long ts = start + (long) (r.cycle() - 1) * cycleMillis;
          ObjectNode root = JSON.createObjectNode();
          root.put("ts", ts);
          ObjectNode metrics = root.putObject("metrics");
          List<SentLog.Entry> entries = new ArrayList<>();
          metrics.put("cycle", r.cycle());
          entries.add(new SentLog.Entry(topic, site, line, machine, "cycle", r.cycle(), "", ts));
          for (int i = 0; i < CmapssFile.CHANNELS.size(); i++) {
            String[] ch = CmapssFile.CHANNELS.get(i);
            if (ch[1].isEmpty()) {
              metrics.put(ch[0], r.values()[i]);
            } else {
              metrics.putObject(ch[0]).put("value", r.values()[i]).put("unit", ch[1]);
            }
            entries.add(
                new SentLog.Entry(topic, site, line, machine, ch[0], r.values()[i], ch[1], ts));
          }
          out.publish(
              topic, JSON.writeValueAsBytes(root), () -> entries.forEach(e -> write(log, e)));
          sent++;
        }
      }
      out.flush(60_000);
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(
          "replay: %d messages (%d cycles of %d units) sent, %d acknowledged, %d failed, %.1f s%n",
          sent,
          byCycle.size(),
          byCycle.firstEntry().getValue().size(),
          out.acknowledged(),
          out.failures(),
          seconds);
    }
    return 0;
  }

  private static void write(SentLog log, SentLog.Entry e) {
    try {
      log.write(e);
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
