package io.plantwatch.bench;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.stack.ChainOptions;
import io.plantwatch.stack.ValidDuration;
import io.plantwatch.telemetry.DurationText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code bin/plantwatch bench} is asked to measure: the chain's settings shared with {@code
 * run}, the offered loads, the devices, the gateway's batching, the faults and the ceilings; and
 * the descriptions of those settings that the report carries.
 */
public final class BenchOptions {
  @Mixin ChainOptions chain;

  @Option(
      names = "--loads",
      split = ",",
      defaultValue = "5000,20000,50000",
      description = "Offered loads, readings/s (default: ${DEFAULT-VALUE}).")
  List<Long> loads;

  @Option(
      names = "--duration",
      converter = ValidDuration.class,
      defaultValue = "60s",
      description = "Measured time per load (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--warmup",
      converter = ValidDuration.class,
      defaultValue = "15s",
      description =
          "Time per load at the same rate before the measured period, on another site whose"
              + " readings are not counted; then the bench waits until they are all through the job"
              + " (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--drain",
      converter = ValidDuration.class,
      defaultValue = "10m",
      description =
          "After the devices stop, longest wait for every reading to reach the windows; the wait"
              + " also ends after 30 s without progress (default: ${DEFAULT-VALUE}).")
  String drain;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "./plantwatch-bench",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
  boolean json;

  @Option(
      names = "--metrics",
      defaultValue = "20",
      description =
          "Metrics per machine, all in one MQTT message per report (default: ${DEFAULT-VALUE}).")
  int metrics;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description =
          "Reports per machine per second; machines = load / (metrics × rate) (default:"
              + " ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--device-connections",
      defaultValue = "4",
      description = "MQTT connections the devices share (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--device-in-flight",
      defaultValue = "64",
      description = "Unacknowledged publishes per device connection (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--batch-max-readings",
      defaultValue = "2000",
      description = "Gateway: most readings per uplink message (default: ${DEFAULT-VALUE}).")
  int batchMaxReadings;

  @Option(
      names = "--batch-linger",
      converter = ValidDuration.class,
      defaultValue = "100ms",
      description = "Gateway: longest a reading waits for its batch (default: ${DEFAULT-VALUE}).")
  String batchLinger;

  @Option(
      names = "--uplink-in-flight",
      defaultValue = "32",
      description = "Gateway: unacknowledged uplink messages (default: ${DEFAULT-VALUE}).")
  int uplinkInFlight;

  @Option(
      names = "--fault-every",
      converter = ValidDuration.class,
      defaultValue = "5s",
      description =
          "During each measured period, one more machine turns faulty (its temperature jumps by"
              + " 1000) this often, and the bench times each fault to its alert mail; 0s turns"
              + " faults and alerting off (default: ${DEFAULT-VALUE}).")
  String faultEvery;

  @Option(
      names = "--alert-window",
      defaultValue = "10s/2s",
      description =
          "Window of the bench's alert rule: the default 1m/10s scaled for a short test"
              + " (default: ${DEFAULT-VALUE}).")
  String alertWindow;

  @Option(
      names = "--alert-watermark",
      converter = ValidDuration.class,
      defaultValue = "5s",
      description =
          "plantwatch.alerts.watermark for the bench: the default 1m scaled for a short test"
              + " (default: ${DEFAULT-VALUE}).")
  String alertWatermark;

  @Option(
      names = "--ceiling-duration",
      converter = ValidDuration.class,
      defaultValue = "20s",
      description = "Measured time of the MQTT and Kafka ceilings (default: ${DEFAULT-VALUE}).")
  String ceilingDuration;

  @Option(
      names = "--spark-ceiling-records",
      description =
          "Readings pre-filled for the Spark ceiling (default: enough for the job's state to"
              + " reach its full size and a minute more: 1000 machines × the metrics × (the"
              + " longest window + the watermark + 1 min, longer when four batches at the"
              + " job's maxOffsetsPerTrigger need more) at one reading a second; 4,800,000 with"
              + " the defaults).")
  Long sparkCeilingRecords;

  @Option(names = "--no-ceilings", description = "Measure the loads only.")
  boolean noCeilings;

  @Option(
      names = "--ceilings",
      split = ",",
      defaultValue = "mqtt,kafka,spark",
      description = "Ceilings to measure (default: ${DEFAULT-VALUE}).")
  List<String> ceilingStages;

  @Option(
      names = "--mosquitto-conf",
      paramLabel = "LINE",
      description =
          "A line appended to every Mosquitto configuration, e.g. 'max_inflight_messages 100';"
              + " repeatable.")
  List<String> mosquittoConf = new ArrayList<>();

  @Option(
      names = "--profile",
      description =
          "Record a JFR CPU profile of each measured period (each load's, the Spark ceiling's):"
              + " profile-*.jfr and a breakdown by stage and thread in profile-*.md under --out.")
  boolean profile;

  @Option(names = "--ceilings-only", description = "Measure the ceilings only.")
  boolean ceilingsOnly;

  @Option(
      names = "--view",
      description =
          "Serve the live view during each load (on a free loopback port), to measure what it"
              + " costs; the job's telemetry.windows publication is on either way unless"
              + " --conf plantwatch.kafka.windowsTopic= turns it off.")
  boolean view;

  WindowSpec measuredWindow() {
    return WindowSpec.parseList(chain.windows()).get(0);
  }

  long durationMs() {
    return DurationText.parse(duration).toMillis();
  }

  long warmupMs() {
    return DurationText.parse(warmup).toMillis();
  }

  long drainMs() {
    return DurationText.parse(drain).toMillis();
  }

  long triggerMs() {
    return DurationText.parse(chain.trigger()).toMillis();
  }

  long faultEveryMs() {
    return DurationText.parse(faultEvery).toMillis();
  }

  int machines(long load) {
    return (int) Math.max(1, Math.round(load / (metrics * rate)));
  }

  /** How long before the end of publishing the last fault must come for its mail to be due. */
  long alertWindowAndWatermarkMs() {
    WindowSpec w = WindowSpec.parseList(alertWindow).get(0);
    return w.length().toMillis()
        + w.slide().toMillis()
        + DurationText.parse(alertWatermark).toMillis()
        + DurationText.parse(chain.trigger()).toMillis();
  }

  boolean faultsOn() {
    return DurationText.parse(faultEvery).toMillis() > 0;
  }

  /** The job's settings for the loads and the Spark ceiling: alerting off. */
  Map<String, String> jobConf() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(JobConfig.ALERTS_RULES.name(), "");
    c.putAll(chain.conf());
    return c;
  }

  /** The settings as the report states them. */
  Map<String, String> describe(List<String> metricNames, WindowSpec spec) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("duration per load", duration);
    s.put("warm-up per load", warmup);
    s.put(
        "devices",
        String.format(
            Locale.ROOT,
            "%d metrics per MQTT message (JSON_MULTI), %s report(s) per machine per second, machines"
                + " = load / %s; %d Paho MQTT 5 connections, QoS 1, %d in flight each",
            metrics,
            fmt(rate),
            fmt(metrics * rate),
            connections,
            inFlight));
    s.put(
        "gateway",
        String.format(
            Locale.ROOT,
            "uplink.batchMaxReadings=%d, uplink.batchLinger=%s, uplink.maxInFlight=%d, other"
                + " settings default (site receive maximum 1000, group commit 1000 messages)",
            batchMaxReadings,
            batchLinger,
            uplinkInFlight));
    s.put(
        "brokers",
        "Mosquitto processes (/usr/sbin/mosquitto), set_tcp_nodelay, no persistence"
            + (mosquittoConf.isEmpty() ? "" : ", " + String.join(", ", mosquittoConf)));
    s.put("connector", chain.connectorTasks() + " tasks, shared subscription, ack after Kafka");
    s.put(
        "kafka",
        "embedded KRaft broker in the JVM, telemetry.readings with "
            + chain.partitions()
            + " partitions");
    s.put(
        "job",
        String.format(
            Locale.ROOT,
            "Spark local[2], windows %s, watermark %s, trigger %s, %s, health model off%s",
            spec.label(),
            chain.watermark(),
            chain.trigger(),
            faultsOn()
                ? "alerting on: one threshold rule (temperature max > 500 in "
                    + alertWindow
                    + ", alert watermark "
                    + alertWatermark
                    + ") mailing to an SMTP server in the JVM, a new fault every "
                    + faultEvery
                : "alerting off",
            chain.conf().isEmpty() ? "" : ", " + chain.conf()));
    s.put(
        "sink",
        "InfluxDB v2 write API endpoint in the JVM (the job's real influxdb-client sink posts to it)");
    s.put("metrics", String.join(",", metricNames));
    return s;
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
