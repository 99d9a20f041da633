package io.plantwatch.bench;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.stack.EmbeddedKafka;
import io.plantwatch.stack.Folders;
import io.plantwatch.stack.LocalSpark;
import io.plantwatch.stack.Topics;
import io.plantwatch.telemetry.DurationText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The ceilings: what the MQTT broker, Kafka and Spark each carry alone on this machine. */
final class Ceilings {
  // The Spark ceiling's machines: its pre-fill holds this many machines' series.
  private static final int SPARK_MACHINES = 1000;

  private final BenchOptions o;
  private final List<String> metricNames;
  private final Path out;
  private final Progress progress;

  Ceilings(BenchOptions o, List<String> metricNames, Path out, Progress progress) {
    this.o = o;
    this.metricNames = metricNames;
    this.out = out;
    this.progress = progress;
  }

  /** Each stage named in --ceilings, alone, in the order data flows. */
  Map<String, BenchReport.Ceiling> measure() throws Exception {
    Map<String, BenchReport.Ceiling> ceilings = new LinkedHashMap<>();
    long ms = DurationText.parse(o.ceilingDuration).toMillis();
    if (o.ceilingStages.contains("mqtt")) {
      progress.say("ceiling: Mosquitto alone (%d s) ...", ms / 1000);
      BenchReport.Ceiling mqtt =
          MqttCeiling.measure(
              out.resolve("ceiling-mqtt"),
              metricNames,
              o.connections,
              o.inFlight,
              ms,
              o.mosquittoConf);
      ceilings.put(mqtt.stage(), mqtt);
      progress.say("ceiling: mqtt %,.0f readings/s", mqtt.readingsPerSecond());
    }
    if (!o.ceilingStages.contains("kafka") && !o.ceilingStages.contains("spark")) {
      return ceilings;
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      if (o.ceilingStages.contains("kafka")) {
        progress.say("ceiling: Kafka alone (%d s) ...", ms / 1000);
        BenchReport.Ceiling k =
            KafkaCeiling.measure(kafka.bootstrapServers(), o.chain.partitions(), metricNames, ms);
        ceilings.put(k.stage(), k);
        progress.say("ceiling: kafka %,.0f readings/s", k.readingsPerSecond());
      }
      if (!o.ceilingStages.contains("spark")) {
        return ceilings;
      }
      Topics.ensure(kafka.bootstrapServers(), o.chain.partitions());
      progress.say("ceiling: Spark alone ...");
      SparkSession spark = LocalSpark.session();
      try {
        Map<String, String> c = o.jobConf();
        c.put(JobConfig.WINDOWS.name(), o.chain.windows());
        c.put(
            JobConfig.WATERMARK.name(),
            DurationText.format(DurationText.parse(o.chain.watermark())));
        Path checkpoint = out.resolve("ceiling-spark").resolve("checkpoint");
        Folders.deleteRecursively(checkpoint);
        CpuProfile profile =
            o.profile ? CpuProfile.start(out.resolve("profile-ceiling-spark.jfr")) : null;
        BenchReport.Ceiling s =
            SparkCeiling.measure(
                spark,
                kafka.bootstrapServers(),
                o.chain.partitions(),
                c,
                checkpoint,
                metricNames,
                SPARK_MACHINES,
                o.sparkCeilingRecords);
        ceilings.put(s.stage(), s);
        progress.say("ceiling: spark %,.0f readings/s", s.readingsPerSecond());
        if (profile != null) {
          CpuProfile.Breakdown b = profile.stop();
          Files.writeString(
              out.resolve("profile-ceiling-spark.md"),
              b.markdown("the analytics job alone (Spark ceiling, including the pre-fill)"));
          progress.say("ceiling: spark: CPU samples by stage: %s", b.top(6));
        }
      } finally {
        spark.stop();
      }
    }
    return ceilings;
  }
}
