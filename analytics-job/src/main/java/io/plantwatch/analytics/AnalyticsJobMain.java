package io.plantwatch.analytics;

import io.plantwatch.analytics.config.ConfigException;
import io.plantwatch.analytics.config.ConfigReference;
import io.plantwatch.analytics.config.ConfigSources;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.config.SparkDefaults;
import io.plantwatch.analytics.health.ModelLoadException;
import io.plantwatch.analytics.monitoring.JobLogging;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * Entry point of the analytics job, for {@code spark-submit} and {@code bin/plantwatch job}. It
 * runs the streaming job; offline training and evaluation live in the model-training module.
 */
@Command(
    name = "plantwatch job",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = {
      "Streams readings from Kafka into sliding-window statistics per machine and metric in"
          + " InfluxDB (avg, max, min, count), exactly once in the numbers.",
      ""
    },
    footer = {
      "",
      "Configuration keys (analytics-job/README.md lists them all), in increasing precedence:",
      "defaults, --config-file, environment (PLANTWATCH_INFLUX_TOKEN), Spark conf",
      "(spark-submit --conf spark.plantwatch.KEY=V), --conf plantwatch.KEY=V.",
      "",
      "Examples:",
      "  bin/plantwatch job --conf plantwatch.checkpoint=/tmp/pw-cp \\",
      "      --conf plantwatch.kafka.bootstrap=localhost:9092 --conf plantwatch.windows=1m/10s,1h/5m",
      "  spark-submit --class io.plantwatch.analytics.AnalyticsJobMain \\",
      "      analytics-job/target/plantwatch-analytics-job.jar --config-file analytics-job/job.sample.properties"
    })
public final class AnalyticsJobMain implements Callable<Integer> {
  @Option(
      names = "--conf",
      paramLabel = "plantwatch.KEY=VALUE",
      description = "A configuration value; repeatable.")
  private Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      description = "A properties file of plantwatch.* keys.")
  private Path configFile;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master when not started by spark-submit (default: local[*], for development).")
  private String master;

  @Option(
      names = "--print-config",
      description = "Print the effective configuration (secrets hidden) and exit.")
  private boolean printConfig;

  @Option(
      names = "--config-reference",
      description = "Print the configuration reference as a Markdown table and exit.")
  private boolean configReference;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new AnalyticsJobMain());
    // One line saying what is wrong, as every plantwatch command does.
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine()
              .getErr()
              .println("plantwatch job: " + e.getMessage() + " (--help for usage)");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof ModelLoadException) {
            c.getErr().println("plantwatch job: " + e.getMessage());
            return 2;
          }
          if (e instanceof io.plantwatch.analytics.topics.TopicSetupException) {
            c.getErr().println("plantwatch job: " + e.getMessage());
            return 1;
          }
          if (e instanceof ConfigException) {
            c.getErr().println("plantwatch job: bad configuration: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (configReference) {
      out.print(ConfigReference.markdown());
      out.flush();
      return 0;
    }
    JobLogging.configureWhenLocal();
    SparkConf sparkConf = new SparkConf();
    JobConfig config = configSources(sparkConf).resolve();
    if (printConfig) {
      out.print(config.describe());
      out.flush();
      return 0;
    }
    try (SparkSession spark = session(sparkConf)) {
      RunningJob job = AnalyticsJob.start(spark, config);
      stopBeforeSpark(job);
      try {
        job.awaitAnyTermination();
      } catch (org.apache.spark.sql.streaming.StreamingQueryException e) {
        if (!stopping) {
          throw e;
        }
      }
      // Stopping: the session closes only once the hook has stopped every query.
      if (stopping) {
        queriesStopped.await(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    return 0;
  }

  private volatile boolean stopping;
  private final java.util.concurrent.CountDownLatch queriesStopped =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * On SIGTERM (a deployment's stop, Ctrl-C) the queries stop before Spark stops its context; each
   * resumes from its checkpoint on the next start.
   */
  private void stopBeforeSpark(RunningJob job) {
    BeforeSparkStops.register(
        () -> {
          stopping = true;
          try {
            job.stop();
          } catch (Exception e) {
            System.err.println("plantwatch job: stopping the queries: " + e);
          } finally {
            queriesStopped.countDown();
          }
        },
        java.time.Duration.ofSeconds(60));
  }

  private ConfigSources configSources(SparkConf sparkConf) {
    ConfigSources sources = new ConfigSources();
    if (configFile != null) {
      sources.file(configFile);
    }
    Map<String, String> spark = new LinkedHashMap<>();
    for (Tuple2<String, String> t : Arrays.asList(sparkConf.getAll())) {
      spark.put(t._1(), t._2());
    }
    return sources.environment(System.getenv()).sparkConf(spark).overrides(conf);
  }

  private SparkSession session(SparkConf sparkConf) {
    boolean submitted = sparkConf.contains("spark.master");
    if (!submitted) {
      sparkConf.setMaster(master == null ? "local[*]" : master);
      // A laptop has a few cores: Spark's 200 shuffle partitions would be 200 state stores each.
      sparkConf.setIfMissing("spark.sql.shuffle.partitions", "4");
    }
    sparkConf.setIfMissing("spark.app.name", "plantwatch-analytics");
    SparkDefaults.settings().forEach(sparkConf::setIfMissing);
    sparkConf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    return SparkSession.builder().config(sparkConf).getOrCreate();
  }
}
