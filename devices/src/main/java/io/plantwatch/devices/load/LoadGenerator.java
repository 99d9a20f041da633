package io.plantwatch.devices.load;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.telemetry.CanonicalUnits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated devices at a fixed offered load: {@code machines} machines, each publishing one message
 * with all its {@code metrics} every {@code 1/rate} s (QoS 1, the simulator's {@link
 * DevicePublisher}), the messages of all machines spread evenly over the period and shared out over
 * {@code connections} MQTT connections (a site concentrator's worth of devices each). A message is
 * stamped with its scheduled wall time, which is its event time; a publisher that falls behind
 * publishes late but keeps the stamp, so its delay counts as latency.
 */
public final class LoadGenerator {
  /** The metrics of a device message: the five canonical ones, then {@code t06, t07, ...} in °C. */
  public static List<String> metricNames(int count) {
    List<String> base = List.of("temperature", "vibration", "pressure", "current", "speed");
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(i < base.size() ? base.get(i) : String.format(Locale.ROOT, "t%02d", i + 1));
    }
    return names;
  }

  private static final Map<String, Double> BASES =
      Map.of(
          "temperature", 60.0, "vibration", 2.0, "pressure", 5.0, "current", 12.0, "speed", 1480.0);

  /** The device payload ({@code JSON_MULTI}) of one machine at {@code ts}. */
  public static byte[] payload(List<String> metrics, long ts, long seq) {
    return payload(metrics, ts, seq, false);
  }

  /** What a faulty machine's first metric reads above its normal values. */
  public static final double FAULT_OFFSET = 1000;

  /**
   * As {@link #payload(List, long, long)}; with {@code faulty} the first metric reads {@link
   * #FAULT_OFFSET} higher.
   */
  static byte[] payload(List<String> metrics, long ts, long seq, boolean faulty) {
    StringBuilder b = new StringBuilder(40 + metrics.size() * 48);
    b.append("{\"ts\":").append(ts).append(",\"metrics\":{");
    for (int i = 0; i < metrics.size(); i++) {
      String m = metrics.get(i);
      if (i > 0) {
        b.append(',');
      }
      double base = BASES.getOrDefault(m, 40.0);
      double v = base + ((seq * 31 + i * 7) % 200) / 100.0 + (faulty && i == 0 ? FAULT_OFFSET : 0);
      b.append('"')
          .append(m)
          .append("\":{\"value\":")
          .append(v)
          .append(",\"unit\":\"")
          .append(CanonicalUnits.DEFAULT_METRIC_UNITS.getOrDefault(m, "degC"))
          .append("\"}");
    }
    return b.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String machineName(int i) {
    return String.format(Locale.ROOT, "m%05d", i + 1);
  }

  private final String brokerUri;
  private final String site;
  private final int machines;
  private final List<String> metrics;
  private final double ratePerMachine;
  private long faultEveryMs;
  private long faultTailMs;
  private final Map<Integer, Long> faultStarts = new java.util.concurrent.ConcurrentHashMap<>();
  private final int connections;
  private final int maxInFlight;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final long[][] ts;
  private final int[] counts;
  // The bench reads the stamps while the devices run: one lock per machine's row.
  private final Object[] rows;

  public LoadGenerator(
      String brokerUri,
      String site,
      int machines,
      List<String> metrics,
      double ratePerMachine,
      int connections,
      int maxInFlight) {
    this.brokerUri = brokerUri;
    this.site = site;
    this.machines = machines;
    this.metrics = List.copyOf(metrics);
    this.ratePerMachine = ratePerMachine;
    this.connections = Math.max(1, Math.min(connections, machines));
    this.maxInFlight = maxInFlight;
    this.ts = new long[machines][16];
    this.counts = new int[machines];
    this.rows = new Object[machines];
    for (int i = 0; i < machines; i++) {
      rows[i] = new Object();
    }
  }

  /**
   * Makes machine {@code k} (0, 1, 2, …) faulty from {@code (k + 1) × everyMs} after the start of
   * {@link #run} on, as long as that is at least {@code tailMs} before its end: one new fault every
   * {@code everyMs}, each leaving time for its alert. 0 = no faults.
   */
  public LoadGenerator faultEvery(long everyMs, long tailMs) {
    this.faultEveryMs = everyMs;
    this.faultTailMs = tailMs;
    return this;
  }

  /**
   * The stamp of each faulty machine's first faulty message, by machine name. After {@link #run}.
   */
  public Map<String, Long> faultStarts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    faultStarts.forEach((machine, stamp) -> out.put(machineName(machine), stamp));
    return out;
  }

  /** Publishes for {@code durationMs} from now, then waits for the broker's last PUBACKs. */
  public void run(long durationMs) throws Exception {
    long periodNs = (long) (1e9 / ratePerMachine);
    long stepNs = periodNs / machines;
    long startMs = System.currentTimeMillis();
    long startNs = System.nanoTime();
    long messages = (long) Math.floor(durationMs * 1e6 / stepNs);
    int faulty =
        faultEveryMs <= 0
            ? 0
            : (int) Math.min(machines, Math.max(0, (durationMs - faultTailMs) / faultEveryMs));
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < connections; c++) {
      int conn = c;
      Thread t =
          new Thread(
              () -> {
                try (DevicePublisher out =
                    new DevicePublisher(
                        brokerUri,
                        "bench-" + site + "-" + conn + "-" + System.nanoTime(),
                        null,
                        null,
                        null,
                        null,
                        maxInFlight)) {
                  for (long n = conn; n < messages; n += connections) {
                    long dueNs = startNs + n * stepNs;
                    long wait = dueNs - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int machine = (int) (n % machines);
                    long stamp = startMs + (n * stepNs) / 1_000_000;
                    record(machine, stamp);
                    boolean fault =
                        machine < faulty && stamp >= startMs + (machine + 1) * faultEveryMs;
                    if (fault) {
                      faultStarts.putIfAbsent(machine, stamp);
                    }
                    out.publish(
                        "plant/" + site + "/line1/" + machineName(machine) + "/telemetry",
                        payload(metrics, stamp, n, fault),
                        () -> acknowledged.addAndGet(metrics.size()));
                  }
                  if (!out.flush(120_000)) {
                    throw new IllegalStateException("the site broker did not acknowledge all");
                  }
                  failed.addAndGet(out.failures());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "bench-devices-" + site + "-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("devices failed: " + failures.get(0), failures.get(0));
    }
  }

  private void record(int machine, long stamp) {
    synchronized (rows[machine]) {
      long[] row = ts[machine];
      if (counts[machine] == row.length) {
        row = Arrays.copyOf(row, row.length * 2);
        ts[machine] = row;
      }
      row[counts[machine]++] = stamp;
    }
  }

  /**
   * Machine {@code machine}'s message stamps (publish = event time, ascending) from the {@code
   * from}-th on, as far as published now: the bench accounts for delivered readings while the
   * devices still run.
   */
  public long[] stamps(int machine, int from) {
    synchronized (rows[machine]) {
      return Arrays.copyOfRange(ts[machine], Math.min(from, counts[machine]), counts[machine]);
    }
  }

  public int machines() {
    return machines;
  }

  /** Readings the site broker acknowledged. */
  public long readingsAcknowledged() {
    return acknowledged.get();
  }

  /** Publishes that failed (the broker never acknowledged them). */
  public long failedPublishes() {
    return failed.get();
  }

  public List<String> metrics() {
    return metrics;
  }
}
