package io.plantwatch.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code bin/plantwatch bench} run measured: the ceilings of the stages on their own and
 * one result per offered load through the whole chain.
 *
 * @param machine where it ran (cores, memory, Java), for the reader of the report
 * @param settings the settings that shape the figures (batching, windows, trigger, ...)
 * @param ceilings readings/s of each stage alone, by stage name, in the order measured
 * @param loads one result per offered load, in the order run
 */
public record BenchReport(
    String machine, Map<String, String> settings, Map<String, Ceiling> ceilings, List<Load> loads) {

  public BenchReport {
    settings = new LinkedHashMap<>(settings);
    ceilings = new LinkedHashMap<>(ceilings);
    loads = List.copyOf(loads);
  }

  /** One stage alone: its throughput in readings/s and how it was measured. */
  public record Ceiling(String stage, double readingsPerSecond, String how) {}

  /** CPU (cores used on average) and peak resident memory of one process. */
  public record Process(String name, double cpuCores, double rssMb) {}

  /**
   * One offered load through the chain.
   *
   * @param offered readings/s asked of the devices
   * @param publishedPerS readings/s the devices actually published (acknowledged by the site
   *     broker) during the measured period
   * @param published readings published in the measured period
   * @param delivered readings counted in the sink's windows
   * @param deliveredPerS delivered readings per second, from the first publish to the sink write
   *     that made the last of them visible
   * @param lost readings published but missing from the windows at the end of the drain (see {@code
   *     drained})
   * @param duplicatesInWindows readings counted more than once in the windows
   * @param gatewayQueueMax largest number of readings in the gateway's disk queue
   * @param kafkaLagMax largest number of records in Kafka not yet read by the windows query
   * @param sparkBatchMsAvg mean duration of the windows query's non-empty micro-batches
   * @param sparkBatchMsMax longest of them
   * @param triggerMs the query's trigger interval
   * @param processes CPU and peak resident memory per process (the JVM, the Mosquitto brokers)
   * @param otherCpuCores CPU the rest of the machine used meanwhile (other builds, the OS), cores
   * @param drained true when the chain was idle at the count (gateway queue empty, Kafka read to
   *     the end): then {@code lost} is lost; otherwise the drain timed out and {@code lost} holds
   *     readings still on their way
   * @param jvmStageCores CPU inside the JVM per stage (threads grouped by name), cores; "jvm rest"
   *     is the JVM's process CPU not found in a live thread (GC, JIT, threads that ended)
   * @param faults machines made faulty during the measured period (0 with faults off)
   * @param faultMails faults whose FIRING mail arrived
   * @param faultToMail milliseconds from each fault's first reading to its mail (count, p50, p95,
   *     p99, max)
   * @param minutes one row per whole minute of the measured period (a soak's flatness)
   */
  public record Load(
      long offered,
      double publishedPerS,
      long published,
      long delivered,
      double deliveredPerS,
      long lost,
      long duplicatesInWindows,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      long gatewayQueueMax,
      long kafkaLagMax,
      double sparkBatchMsAvg,
      double sparkBatchMsMax,
      long triggerMs,
      List<Process> processes,
      double otherCpuCores,
      boolean drained,
      Map<String, Double> jvmStageCores,
      int faults,
      int faultMails,
      Percentiles.Summary faultToMail,
      List<SoakMinute> minutes) {

    public Load {
      processes = List.copyOf(processes);
      minutes = List.copyOf(minutes);
      jvmStageCores = new LinkedHashMap<>(jvmStageCores);
    }

    /** Resident memory of all processes together, MB. */
    public double rssMb() {
      return processes.stream().mapToDouble(Process::rssMb).sum();
    }

    /** CPU of all processes together, in cores. */
    public double cpuCores() {
      return processes.stream().mapToDouble(Process::cpuCores).sum();
    }

    /**
     * The chain kept up with this load: nothing lost, nothing doubled, and what reached the windows
     * arrived at (at least 95 % of) the rate the devices published.
     */
    public boolean keptUp() {
      return lost == 0
          && duplicatesInWindows == 0
          && published > 0
          && deliveredPerS >= 0.95 * publishedPerS;
    }
  }

  /** The stage with the lowest ceiling, or null without ceilings. */
  public Ceiling lowestCeiling() {
    return ceilings.values().stream()
        .filter(c -> c.readingsPerSecond() > 0)
        .min(java.util.Comparator.comparingDouble(Ceiling::readingsPerSecond))
        .orElse(null);
  }

  /**
   * The pipeline's saturation throughput: the highest rate delivered into the windows with zero
   * loss and no duplicates, over all loads (0 if none qualifies).
   */
  public double saturationPerS() {
    return loads.stream()
        .filter(l -> l.lost() == 0 && l.duplicatesInWindows() == 0)
        .mapToDouble(Load::deliveredPerS)
        .max()
        .orElse(0);
  }

  /** Saturation throughput / lowest ceiling; NaN without ceilings. */
  public double ratioToLowestCeiling() {
    Ceiling c = lowestCeiling();
    return c == null ? Double.NaN : saturationPerS() / c.readingsPerSecond();
  }

  /** True when the highest load kept up: the saturation point lies above what was offered. */
  public boolean saturationNotReached() {
    return !loads.isEmpty() && loads.get(loads.size() - 1).keptUp();
  }
}
