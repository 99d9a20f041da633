package io.plantwatch.devices.sim;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gateway simulate}: a fleet of machines publishing to a site broker. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = "Publishes a reproducible fleet's telemetry to a site broker, like real devices.")
public final class SimulateCommand implements Callable<Integer> {
  @Mixin PublisherOptions publisher;

  @Option(
      names = "--machines",
      defaultValue = "10",
      description = "Number of machines (default: ${DEFAULT-VALUE}).")
  int machines;

  @Option(
      names = "--machine-prefix",
      defaultValue = "machine-",
      description = "Machine names are the prefix and a number (default: ${DEFAULT-VALUE}).")
  String machinePrefix;

  @Option(
      names = "--site",
      defaultValue = "plant-1",
      description = "Site name (default: ${DEFAULT-VALUE}).")
  String site;

  @Option(
      names = "--line",
      defaultValue = "line-1",
      description = "Line name (default: ${DEFAULT-VALUE}).")
  String line;

  @Option(
      names = "--metrics",
      split = ",",
      defaultValue = "temperature,vibration,pressure,current,speed",
      description = "Metrics per message (default: ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description =
          "Messages per second per machine; 0 = as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--ticks",
      defaultValue = "60",
      description = "Messages per machine; 0 = until interrupted (default: ${DEFAULT-VALUE}).")
  long ticks;

  @Option(
      names = "--step-ms",
      defaultValue = "1000",
      description = "Event time between a machine's messages (default: ${DEFAULT-VALUE}).")
  long stepMillis;

  @Option(
      names = "--start-ts",
      description = "Event time of the first tick, epoch ms (default: now).")
  Long startTs;

  @Option(
      names = "--degrading",
      defaultValue = "1",
      description = "Machines with bearing wear (default: ${DEFAULT-VALUE}).")
  int degrading;

  @Option(
      names = "--fault-probability",
      defaultValue = "0",
      description = "Chance per message of an injected spike (default: ${DEFAULT-VALUE}).")
  double faultProbability;

  @Option(names = "--fahrenheit", description = "Publish temperatures in degF, as some PLCs do.")
  boolean fahrenheit;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (machines <= 0) {
      throw new IllegalArgumentException("--machines must be positive");
    }
    FleetSimulator sim =
        new FleetSimulator(
            site,
            line,
            FleetSimulator.machineNames(machinePrefix, machines),
            metrics,
            degrading,
            faultProbability,
            fahrenheit,
            ticks == 0 ? 3600 : ticks,
            seed);
    long start = startTs != null ? startTs : System.currentTimeMillis();
    Pacer pacer = new Pacer(rate);
    long began = System.nanoTime();
    long sent = 0;
    try (DevicePublisher out = publisher.connect();
        SentLog log = new SentLog(publisher.log)) {
      for (long t = 0; ticks == 0 || t < ticks; t++) {
        pacer.awaitTick(t);
        for (FleetSimulator.Message m : sim.tick(t, start + t * stepMillis)) {
          out.publish(m.topic(), m.payload(), () -> m.entries().forEach(e -> logQuietly(log, e)));
          sent++;
        }
      }
      out.flush(30_000);
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(
          "simulate: %d messages (%d values) sent, %d acknowledged, %d failed, %.1f s, %.0f messages/s%n",
          sent, sent * metrics.size(), out.acknowledged(), out.failures(), seconds, sent / seconds);
    }
    return 0;
  }

  static void logQuietly(SentLog log, SentLog.Entry e) {
    try {
      log.write(e);
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
