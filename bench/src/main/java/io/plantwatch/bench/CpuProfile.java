package io.plantwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of the bench's JVM over one measured period, and where its CPU
 * samples fall: by stage of the flow (the operator or component a sample's code belongs to) and by
 * thread (Spark's micro-batch threads carry their query's name). Why our own breakdown rather than
 * a flame graph: the question is which stage of the flow to make cheaper, and Spark's generated
 * code hides the operator, so samples are attributed by the frames around it.
 */
final class CpuProfile {
  /** Where a sample's code belongs, by the class of a frame; the first rule that matches wins. */
  private record Rule(String prefix, String stage) {}

  /**
   * Our own code is attributed by its package wherever it appears on a stack (the deepest of our
   * frames wins: the sink's JSON is the sink's, not parsing). The rest by the first of these rules
   * that any frame of the stack matches: the operators first (a sort's byte comparisons are the
   * sort's), the generic buckets last.
   */
  private static final List<Rule> OURS =
      List.of(
          new Rule("io.plantwatch.analytics.source.", "parse and validate (ReadingParser)"),
          new Rule("io.plantwatch.analytics.influx.", "InfluxDB sink"),
          new Rule("io.plantwatch.analytics.topics.", "computed topics (windows, health)"),
          new Rule("io.plantwatch.analytics.alerts.", "alerts"),
          new Rule("io.plantwatch.analytics.health.", "health model"),
          new Rule("io.plantwatch.analytics.", "analytics job, other"),
          new Rule("io.plantwatch.gateway.", "edge gateway"),
          new Rule("io.plantwatch.ingest.", "Kafka Connect source"),
          new Rule("io.plantwatch.devices.", "devices (load generator)"),
          new Rule("io.plantwatch.bench.", "bench sink and sampler"),
          new Rule("io.plantwatch.view.", "live view"));

  private static final List<Rule> THEIRS =
      List.of(
          new Rule("org.rocksdb.", "state store (RocksDB)"),
          new Rule("org.apache.spark.sql.execution.streaming.state.", "state store (RocksDB)"),
          new Rule("org.apache.spark.sql.catalyst.json.", "parse JSON (from_json)"),
          new Rule("com.fasterxml.jackson.", "parse JSON (from_json)"),
          new Rule("org.apache.spark.sql.kafka010.", "Kafka source (Spark)"),
          new Rule("org.apache.kafka.clients.consumer.", "Kafka source (Spark)"),
          new Rule("org.apache.kafka.clients.producer.", "Kafka producers"),
          new Rule("org.apache.kafka.connect.", "Kafka Connect source"),
          new Rule("org.apache.kafka.", "Kafka broker"),
          new Rule("kafka.", "Kafka broker"),
          new Rule("org.eclipse.paho.", "MQTT clients"),
          new Rule("com.hivemq.", "MQTT clients"),
          new Rule("org.codehaus.janino.", "query planning and code generation"),
          new Rule("org.apache.spark.sql.catalyst.analysis.", "query planning and code generation"),
          new Rule(
              "org.apache.spark.sql.catalyst.optimizer.", "query planning and code generation"),
          new Rule("org.apache.spark.sql.catalyst.rules.", "query planning and code generation"),
          new Rule("org.apache.spark.sql.catalyst.trees.", "query planning and code generation"),
          new Rule(
              "org.apache.spark.sql.catalyst.expressions.codegen.",
              "query planning and code generation"),
          new Rule(
              "org.apache.spark.sql.execution.streaming.",
              "micro-batch bookkeeping (offsets, commits, progress)"),
          new Rule("org.apache.spark.sql.execution.UnsafeExternalRowSorter", "sorting"),
          new Rule("org.apache.spark.util.collection.unsafe.sort.", "sorting"),
          new Rule("org.apache.spark.sql.execution.aggregate.", "aggregation and windows"),
          new Rule("org.apache.spark.shuffle.", "shuffle"),
          new Rule("org.apache.spark.storage.", "shuffle"),
          new Rule("org.apache.spark.io.", "shuffle"),
          new Rule("org.apache.spark.scheduler.", "task scheduling and serialisation"),
          new Rule("org.apache.spark.serializer.", "task scheduling and serialisation"),
          new Rule("org.apache.spark.rpc.", "task scheduling and serialisation"),
          new Rule("org.apache.spark.unsafe.", "rows in memory (UnsafeRow, UTF8String)"),
          new Rule("org.apache.spark.sql.catalyst.expressions.", "expressions (generated code)"),
          new Rule("org.apache.spark.sql.catalyst.", "query planning and code generation"),
          new Rule("org.apache.spark.", "Spark, other"),
          new Rule("scala.", "Spark, other"));

  private static final Pattern QUERY_THREAD = Pattern.compile("stream execution thread for (\\S+)");

  /** Spark's task threads, named for the task they run or, between tasks, as idle. */
  private static final Pattern TASK_THREAD =
      Pattern.compile("Executor task (launch|idle) worker.*");

  /** Samples by stage and by thread, each sorted by count, largest first. */
  record Breakdown(long samples, Map<String, Long> byStage, Map<String, Long> byThread) {

    /** Both tables with each row's share of the samples. */
    String markdown(String title) {
      StringBuilder m = new StringBuilder("# CPU profile: ").append(title).append("\n\n");
      m.append(
          String.format(
              Locale.ROOT,
              "%,d CPU samples of Java threads (JFR `jdk.ExecutionSample`, settings \"profile\");"
                  + " GC, JIT and native code (RocksDB's own work) are not in them.%n",
              samples));
      table(m, "stage", byStage);
      table(m, "thread", byThread);
      return m.toString();
    }

    /** The largest {@code n} stages as "stage 23.1 %", for a progress line. */
    String top(int n) {
      return byStage.entrySet().stream()
          .limit(n)
          .map(e -> String.format(Locale.ROOT, "%s %.1f %%", e.getKey(), share(e.getValue())))
          .reduce((a, b) -> a + ", " + b)
          .orElse("no samples");
    }

    private void table(StringBuilder m, String what, Map<String, Long> rows) {
      m.append("\n| ").append(what).append(" | samples | share |\n| --- | ---: | ---: |\n");
      rows.forEach(
          (k, v) ->
              m.append(String.format(Locale.ROOT, "| %s | %,d | %.1f %% |%n", k, v, share(v))));
    }

    private double share(long v) {
      return samples == 0 ? 0 : 100.0 * v / samples;
    }
  }

  private final Recording recording;
  private final Path file;

  private CpuProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** Starts recording with the JDK's "profile" settings (a CPU sample every 10 ms per thread). */
  static CpuProfile start(Path file) throws IOException {
    try {
      Recording r = new Recording(Configuration.getConfiguration("profile"));
      r.setToDisk(true);
      r.start();
      return new CpuProfile(r, file);
    } catch (ParseException e) {
      throw new IOException("the JDK's own JFR settings did not parse", e);
    }
  }

  /** Stops, writes the recording to its file and breaks its samples down. */
  Breakdown stop() throws IOException {
    recording.stop();
    recording.dump(file);
    recording.close();
    return analyse(file);
  }

  static Breakdown analyse(Path jfr) throws IOException {
    Map<String, Long> byStage = new LinkedHashMap<>();
    Map<String, Long> byThread = new LinkedHashMap<>();
    long samples = 0;
    try (RecordingFile f = new RecordingFile(jfr)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        samples++;
        byStage.merge(stage(e.getStackTrace()), 1L, Long::sum);
        var thread = e.getThread("sampledThread");
        byThread.merge(threadGroup(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
      }
    }
    return new Breakdown(samples, sorted(byStage), sorted(byThread));
  }

  static String stage(RecordedStackTrace stack) {
    if (stack == null) {
      return "(no stack)";
    }
    List<String> classes =
        stack.getFrames().stream()
            .map(RecordedFrame::getMethod)
            .map(m -> m == null || m.getType() == null ? "" : m.getType().getName())
            .toList();
    return stage(classes);
  }

  /** The stage of a stack given as class names, leaf (innermost frame) first. */
  static String stage(List<String> leafFirst) {
    for (String c : leafFirst) {
      for (Rule r : OURS) {
        if (c.startsWith(r.prefix())) {
          return r.stage();
        }
      }
    }
    for (Rule r : THEIRS) {
      for (String c : leafFirst) {
        if (c.startsWith(r.prefix())) {
          return r.stage();
        }
      }
    }
    return "JDK and other libraries";
  }

  /** A thread's name without its numbers: a query's micro-batch thread keeps the query's name. */
  static String threadGroup(String name) {
    if (name == null) {
      return "(unnamed)";
    }
    Matcher q = QUERY_THREAD.matcher(name);
    if (q.find()) {
      return "micro-batch thread of " + q.group(1);
    }
    if (TASK_THREAD.matcher(name).matches()) {
      return "Spark task threads";
    }
    return name.replaceAll("\\d+", "#");
  }

  private static Map<String, Long> sorted(Map<String, Long> m) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
