package io.plantwatch.analytics.windows;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.config.QuerySettings;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where the windows query keeps its checkpoint: {@code windows/<spec ids>} under {@code
 * plantwatch.checkpoint}, e.g. {@code windows/1m-10s_1h-5m}. The panes in its state are cut to fit
 * exactly that list of specs, so another list is another directory: a changed {@code
 * plantwatch.windows} starts a fresh query (at {@code plantwatch.kafka.startingOffsets}) instead of
 * resuming state that would give wrong windows.
 */
public final class WindowsCheckpoint {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(WindowsCheckpoint.class);

  private WindowsCheckpoint() {}

  public static String of(JobConfig config) {
    return of(config, JudgedWindows.none());
  }

  /**
   * With windows the rules judge, the name also says what shapes the state beyond the windows list:
   * the rules' lead (when timers fire) and their specs outside the list with the metrics they read
   * (the panes of those series), as {@code +judged-<hash>}.
   */
  public static String of(JobConfig config, JudgedWindows judged) {
    return QuerySettings.checkpoint(
        config, "windows/" + name(config.get(JobConfig.WINDOWS), judged));
  }

  static String name(List<WindowSpec> specs) {
    return specs.stream().map(WindowSpec::id).collect(Collectors.joining("_"));
  }

  static String name(List<WindowSpec> specs, JudgedWindows judged) {
    if (judged.isEmpty()) {
      return name(specs);
    }
    StringBuilder shape = new StringBuilder("lead=").append(judged.lead().toMillis());
    judged.metrics().entrySet().stream()
        .filter(e -> !specs.contains(e.getKey()))
        .sorted(java.util.Map.Entry.comparingByKey(java.util.Comparator.comparing(WindowSpec::id)))
        .forEach(
            e ->
                shape
                    .append(';')
                    .append(e.getKey().id())
                    .append('=')
                    .append(String.join("\u0000", new java.util.TreeSet<>(e.getValue()))));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(shape.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return name(specs) + "+judged-" + String.format("%08x", crc.getValue());
  }

  /**
   * Versions before one query computed every spec kept a directory per spec ({@code
   * windows-5m-1m}); nothing reads them any more. Says so once at start, with what to do.
   */
  public static void warnAboutEarlierLayout(
      SparkSession spark, JobConfig config, JudgedWindows judged) {
    String root = config.get(JobConfig.CHECKPOINT);
    try {
      Path dir = new Path(root);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String current = name(config.get(JobConfig.WINDOWS), judged);
      FileStatus[] siblings = fs.globStatus(new Path(dir, "windows/*"));
      List<String> others =
          siblings == null
              ? List.of()
              : java.util.Arrays.stream(siblings)
                  .map(f -> f.getPath().getName())
                  .filter(n -> !n.equals(current))
                  .toList();
      if (!others.isEmpty()) {
        boolean resumed = fs.exists(new Path(dir, "windows/" + current));
        LOG.warn(
            "the windows query keeps its checkpoint in {} ({}); {} under {}/windows were written"
                + " for another {} or another shape of the rules' windows and are not read; they"
                + " can be deleted once no longer needed",
            of(config, judged),
            resumed
                ? "resumed"
                : "new: it starts at "
                    + JobConfig.KAFKA_STARTING_OFFSETS.name()
                    + "="
                    + config.get(JobConfig.KAFKA_STARTING_OFFSETS),
            others,
            root,
            JobConfig.WINDOWS.name());
      }
      FileStatus[] earlier = fs.globStatus(new Path(dir, "windows-*"));
      if (earlier != null && earlier.length > 0) {
        LOG.warn(
            "{} holds {} checkpoint(s) of the earlier one-query-per-window-spec layout"
                + " (windows-<spec>); the windows query now keeps its checkpoint in {} and does not"
                + " read them. A new checkpoint starts at {} ({}): with earliest, every window is"
                + " recomputed from the readings Kafka still holds. The old directories can be"
                + " deleted.",
            root,
            earlier.length,
            of(config),
            JobConfig.KAFKA_STARTING_OFFSETS.name(),
            config.get(JobConfig.KAFKA_STARTING_OFFSETS));
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.debug("could not look for earlier windows checkpoints under {}", root, e);
    }
  }
}
