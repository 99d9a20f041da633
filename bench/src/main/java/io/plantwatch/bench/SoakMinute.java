package io.plantwatch.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One minute of a measured period, so that growth over a long run shows (a soak): what the devices
 * published and the job read, the windows query's batch times, the job's state and Kafka's lag at
 * the minute's end, and each watched process's resident memory then.
 *
 * @param minute 1 for the first minute after the measured period began
 * @param publishedPerS readings/s the devices had acknowledged by the site broker in this minute
 * @param readPerS rows/s the windows query read from Kafka in this minute
 * @param batchMsAvg mean duration of the windows query's batches that ended in this minute (NaN
 *     without one)
 * @param batchMsMax the longest of them (NaN without one)
 * @param stateRows rows held in state by all the job's stateful operators (each query's last batch)
 * @param stateMb memory those state stores reported using, MB
 * @param kafkaLag records in telemetry.readings not yet read by the windows query
 * @param gatewayQueue readings in the gateway's disk queue
 * @param heapUsedMb the pipeline JVM's heap in use at the minute's end (live data and garbage not
 *     yet collected): beside its resident memory, it tells heap growth from native growth (RocksDB,
 *     buffers)
 * @param rssMb resident memory of each watched process at the minute's end, in the report's process
 *     order
 */
public record SoakMinute(
    int minute,
    double publishedPerS,
    double readPerS,
    double batchMsAvg,
    double batchMsMax,
    long stateRows,
    double stateMb,
    long kafkaLag,
    long gatewayQueue,
    double heapUsedMb,
    List<Double> rssMb) {

  public SoakMinute {
    rssMb = List.copyOf(rssMb);
  }

  /** Resident memory of all watched processes together, MB. */
  public double rssTotalMb() {
    return rssMb.stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * How much {@code figure} changed from the previous span of minutes to the last one, as a
   * fraction of the previous span's mean: the span is 10 minutes, or half the run when it is
   * shorter than 20 (NaN under 4 minutes, or when a mean is not finite or zero). A soak is flat
   * when this stays within ±10 % for memory and batch time.
   */
  public static double growth(List<SoakMinute> minutes, ToDoubleFunction<SoakMinute> figure) {
    int span = Math.min(10, minutes.size() / 2);
    if (span < 2) {
      return Double.NaN;
    }
    int n = minutes.size();
    double before = mean(minutes.subList(n - 2 * span, n - span), figure);
    double last = mean(minutes.subList(n - span, n), figure);
    return before > 0 && Double.isFinite(last) ? (last - before) / before : Double.NaN;
  }

  /** The span {@link #growth} compares, in minutes (0 under 4 minutes). */
  public static int growthSpan(List<SoakMinute> minutes) {
    int span = Math.min(10, minutes.size() / 2);
    return span < 2 ? 0 : span;
  }

  private static double mean(List<SoakMinute> minutes, ToDoubleFunction<SoakMinute> figure) {
    return minutes.stream()
        .mapToDouble(figure)
        .filter(Double::isFinite)
        .average()
        .orElse(Double.NaN);
  }
}
