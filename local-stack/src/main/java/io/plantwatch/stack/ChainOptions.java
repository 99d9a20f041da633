package io.plantwatch.stack;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.telemetry.ReadingFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The chain's settings that {@code bin/plantwatch run} and {@code bin/plantwatch bench} share, as
 * one picocli mixin so both commands take them under the same names and defaults.
 */
public final class ChainOptions {
  @Option(
      names = "--connector-tasks",
      defaultValue = "2",
      description =
          "Connector tasks, sharing the uplink subscription; 0 starts no Connect worker, for a"
              + " connector on a Connect cluster of your own (default: ${DEFAULT-VALUE}).")
  int connectorTasks;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of telemetry.readings when created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--windows",
      defaultValue = "1m/10s",
      description =
          "Window specs of the job; the bench measures the first (default: ${DEFAULT-VALUE}).")
  String windows;

  @Option(
      names = "--watermark",
      converter = ValidDuration.class,
      defaultValue = "2m",
      description = "How late a reading may arrive (default: ${DEFAULT-VALUE}).")
  String watermark;

  @Option(
      names = "--trigger",
      converter = ValidDuration.class,
      defaultValue = "2s",
      description = "Micro-batch interval of the job (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Option(
      names = "--conf",
      paramLabel = "plantwatch.KEY=VALUE",
      description = "A further analytics-job setting; repeatable.")
  Map<String, String> conf = new LinkedHashMap<>();

  public int connectorTasks() {
    return connectorTasks;
  }

  public int partitions() {
    return partitions;
  }

  public String windows() {
    return windows;
  }

  public String watermark() {
    return watermark;
  }

  public String trigger() {
    return trigger;
  }

  /**
   * The job's settings: the chain's own defaults, then {@code --conf}. With its own connector the
   * chain writes both ends of telemetry.readings, so it takes the cheaper readings format, Avro
   * (docs/performance.md); a connector of the user's own ({@code --connector-tasks 0}) keeps the
   * job's default, JSON, as does a job deployed on its own, which cannot see its connector's
   * converter. {@code PLANTWATCH_READINGS_FORMAT} still wins over the chain's default.
   */
  public Map<String, String> conf() {
    Map<String, String> c = new LinkedHashMap<>();
    if (connectorTasks > 0
        && System.getenv(JobConfig.READINGS_FORMAT.environmentVariable()) == null) {
      c.put(JobConfig.READINGS_FORMAT.name(), ReadingFormat.AVRO.wireName());
    }
    c.putAll(conf);
    return c;
  }
}
