package io.plantwatch.stack;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.DurationText;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.ReadingFormat;
import io.plantwatch.view.LiveView;
import io.plantwatch.view.feed.FeedTopics;
import io.plantwatch.view.fleet.RuleThresholds;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in this JVM, started in the order data flows backwards (sink, Kafka, job,
 * Connect, brokers, gateway, devices) so every stage finds the next one up, and stopped in the
 * order data flows (devices first), so each stage can hand on what it holds.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final StackSettings settings;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final java.util.List<EmbeddedMqttBroker> brokers = new java.util.ArrayList<>();
  private final LatestWindows latest = new LatestWindows();
  private LineProtocolFileEndpoint fileSink;
  private InfluxdProcess influxd;
  private AlertStates alertStates;
  private StackSettings.Influx influx;
  private String bootstrap;
  private String siteUri;
  private String uplinkUri;
  private SparkSession spark;
  private RunningJob job;
  private LiveView view;
  private ConnectWorker connect;
  private Gateway gateway;
  private GatewayConfig gatewayConfig;
  private FleetRun fleet;
  private final Map<String, Long> offsetsAtStart = new HashMap<>();
  private Admin admin;

  private LocalStack(StackSettings settings) {
    this.settings = settings;
  }

  /** Starts every stage; on failure, stops what was started and rethrows. */
  public static LocalStack start(StackSettings settings) throws Exception {
    LocalStack stack = new LocalStack(settings);
    try {
      stack.startAll();
    } catch (Exception | Error e) {
      try {
        stack.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return stack;
  }

  private void startAll() throws Exception {
    Path out = Files.createDirectories(settings.out());
    Files.createDirectories(settings.outbox());
    if (settings.influx() != null) {
      influx = settings.influx();
    } else if (settings.influxd()) {
      Path binary =
          InfluxdProcess.binary()
              .orElseThrow(() -> new IllegalStateException("influxd is not installed"));
      influxd = InfluxdProcess.start(binary, settings.influxdDirectory());
      started.push(influxd);
      influx = StackSettings.Influx.v1(influxd.url(), InfluxdProcess.DATABASE, "", "");
    } else {
      fileSink = LineProtocolFileEndpoint.start(settings.pointsFile(), latest);
      started.push(fileSink);
      influx = StackSettings.Influx.v2(fileSink.url(), "", "plantwatch", "plantwatch");
    }

    if (settings.kafkaBootstrap() == null) {
      // The embedded broker keeps its log under the output folder, as the job its checkpoint and
      // the gateway its queue: a second run in the same folder continues where this one stopped.
      EmbeddedKafka kafka = EmbeddedKafka.start(settings.out().resolve("kafka"));
      started.push(kafka);
      bootstrap = kafka.bootstrapServers();
    } else {
      bootstrap = settings.kafkaBootstrap();
    }
    Topics.ensure(bootstrap, settings.partitions());
    LOG.info("Kafka at {}", bootstrap);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrap));
    started.push(admin::close);
    for (String topic : List.of(KafkaTopics.READINGS, KafkaTopics.REJECTED, KafkaTopics.ALERTS)) {
      offsetsAtStart.put(topic, endOffsets(topic));
    }
    alertStates = new AlertStates(bootstrap);
    started.push(alertStates);
    if (settings.viewPort() != null) {
      startView();
    }

    spark = LocalSpark.session();
    started.push(() -> LocalSpark.stop(spark));
    startJob();

    // The embedded brokers stop together, after the fleet and before the job's Spark.
    started.push(() -> EmbeddedMqttBroker.closeAll(brokers));
    uplinkUri = settings.uplinkBroker();
    if (uplinkUri == null) {
      EmbeddedMqttBroker b =
          EmbeddedMqttBroker.start(
              "uplink", port(settings.uplinkBrokerPort()), out.resolve("mqtt-uplink"));
      brokers.add(b);
      uplinkUri = b.uri();
    }
    if (settings.connectorTasks() > 0) {
      startConnect();
    } else {
      LOG.info("no embedded Connect worker: the connector runs on a Connect cluster of its own");
    }

    siteUri = settings.siteBroker();
    if (siteUri == null) {
      EmbeddedMqttBroker b =
          EmbeddedMqttBroker.start(
              "site", port(settings.siteBrokerPort()), out.resolve("mqtt-site"));
      brokers.add(b);
      siteUri = b.uri();
    }
    gatewayConfig =
        gatewayConfig(
            siteUri, uplinkUri, out.resolve("gateway-queue"), settings.gatewayOverrides());
    startGateway();
    awaitConnected();

    if (settings.cmapss() != null) {
      fleet = FleetRun.replay(settings.cmapss(), siteUri);
      started.push(fleet);
    } else if (settings.fleet() != null) {
      fleet = FleetRun.simulate(settings.fleet(), siteUri);
      started.push(fleet);
    }
  }

  /**
   * Waits until the gateway is connected to both brokers and every connector task is subscribed, so
   * the first readings find their subscribers. A broker drops what it receives for a subscription
   * that does not exist yet; after the first run, the persistent sessions exist.
   */
  private void awaitConnected() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!(gateway.siteConnected()
        && gateway.uplinkConnected()
        && connectorTasksConnected() >= settings.connectorTasks())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the pipeline did not connect within 90 s: gateway site "
                + gateway.siteConnected()
                + ", uplink "
                + gateway.uplinkConnected()
                + ", connector tasks subscribed "
                + connectorTasksConnected()
                + " of "
                + settings.connectorTasks()
                + " (see the log)");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The live view, before the job: the job's mails link to it, and it reads the job's topics as
   * soon as the job creates them.
   */
  private void startView() throws java.io.IOException {
    JobConfig job = JobConfig.from(jobConfig());
    RuleSet rules = AnalyticsJob.rules(job);
    try {
      view = startView(job, rules);
    } catch (java.net.BindException e) {
      throw new IllegalStateException(
          "the live view's port "
              + settings.viewPort()
              + " is taken: choose another with --view-port (0 = any free port) or --no-view",
          e);
    }
    started.push(view);
  }

  private LiveView startView(JobConfig job, RuleSet rules) throws java.io.IOException {
    return LiveView.start(
        new LiveView.Settings(
            bootstrap,
            new FeedTopics(
                job.get(JobConfig.KAFKA_WINDOWS_TOPIC),
                job.get(JobConfig.KAFKA_HEALTH_TOPIC),
                job.get(JobConfig.ALERTS_TOPIC),
                KafkaTopics.GATEWAY_STATUS),
            "127.0.0.1",
            settings.viewPort(),
            null,
            settings.outbox(),
            Duration.ofHours(2),
            rules == null ? RuleThresholds.NONE : new RuleLimits(rules),
            new RunCounters(this, WindowSpec.parseList(settings.windows()).get(0))));
  }

  /** The live view, or null when the run serves none. */
  public LiveView view() {
    return view;
  }

  /** How readings are encoded on telemetry.readings, by the embedded connector and for the job. */
  public ReadingFormat readingsFormat() {
    return JobConfig.from(jobConfig()).get(JobConfig.READINGS_FORMAT);
  }

  /** The analytics job's configuration: embedded or given endpoints, then {@code jobConf}. */
  Map<String, String> jobConfig() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(JobConfig.KAFKA_BOOTSTRAP.name(), bootstrap);
    c.put(JobConfig.KAFKA_TOPIC.name(), Topics.READINGS);
    c.put(JobConfig.REJECTED_TOPIC.name(), Topics.REJECTED);
    c.put(
        JobConfig.CHECKPOINT.name(),
        settings.out().resolve("checkpoint").toAbsolutePath().toString());
    c.put(JobConfig.WINDOWS.name(), settings.windows());
    c.put(JobConfig.WATERMARK.name(), DurationText.format(settings.watermark()));
    c.put(JobConfig.TRIGGER.name(), DurationText.format(settings.trigger()));
    c.put(JobConfig.INFLUX_URL.name(), influx.url());
    c.put(JobConfig.INFLUX_API.name(), influx.api());
    c.put(JobConfig.INFLUX_TOKEN.name(), influx.token());
    c.put(JobConfig.INFLUX_ORG.name(), influx.org());
    c.put(JobConfig.INFLUX_BUCKET.name(), influx.bucket());
    c.put(JobConfig.INFLUX_DATABASE.name(), influx.database());
    c.put(JobConfig.INFLUX_USERNAME.name(), influx.username());
    c.put(JobConfig.INFLUX_PASSWORD.name(), influx.password());
    if (view != null) {
      c.put(JobConfig.MAIL_VIEW_URL.name(), view.uri().toString());
    }
    c.putAll(AlertingSettings.forJob(settings, System.getenv()));
    c.putAll(settings.jobConf());
    return c;
  }

  private void startJob() throws Exception {
    job = AnalyticsJob.start(spark, JobConfig.from(jobConfig()));
  }

  private void startConnect() throws Exception {
    connect =
        ConnectWorker.start(
            bootstrap,
            uplinkUri,
            settings.connectorTasks(),
            readingsFormat(),
            settings.out().resolve("connect"));
  }

  private void startGateway() throws Exception {
    gateway = new Gateway(gatewayConfig, Clock.systemUTC());
    gateway.start();
  }

  /**
   * A gateway's configuration as {@code bin/plantwatch run} makes it: the two brokers, the queue
   * directory, no fixed HTTP port; the environment's own {@code PLANTWATCH_GATEWAY_*} variables,
   * then {@code overrides} (environment variable names), win.
   */
  public static GatewayConfig gatewayConfig(
      String siteUri, String uplinkUri, Path queue, Map<String, String> overrides) {
    // The user's own PLANTWATCH_GATEWAY_* variables win over these defaults.
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.environmentName("site.broker.uri"), siteUri);
    env.put(ConfigLoader.environmentName("uplink.broker.uri"), uplinkUri);
    env.put(ConfigLoader.environmentName("queue.directory"), queue.toAbsolutePath().toString());
    env.put(ConfigLoader.environmentName("httpPort"), "0");
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ConfigLoader.ENV_PREFIX)) {
                env.put(k, v);
              }
            });
    env.putAll(overrides);
    return ConfigLoader.load(null, env);
  }

  private static int port(int wanted) throws IOException {
    if (wanted > 0) {
      try (ServerSocket s =
          new ServerSocket(wanted, 1, java.net.InetAddress.getLoopbackAddress())) {
        return wanted;
      } catch (IOException busy) {
        LOG.warn("port {} is taken, using a free one", wanted);
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // Fault injection and inspection, for the end-to-end tests and the console view.

  /** Stops the gateway and starts a new one on the same disk queue, as after a power cycle. */
  public void restartGateway() throws Exception {
    gateway.close();
    startGateway();
  }

  /**
   * Kills the gateway as SIGKILL would (no drain, connections dropped, the will published) and
   * starts a new one on the same queue.
   */
  public void crashGateway() throws Exception {
    gateway.crash();
    startGateway();
  }

  /** Stops the gateway; its queue keeps what it holds, the site broker what it has not taken. */
  public void stopGateway() throws Exception {
    gateway.close();
    gateway = null;
  }

  /** Starts a gateway on the same queue after {@link #stopGateway()}. */
  public void resumeGateway() throws Exception {
    startGateway();
  }

  /** Connector tasks connected and subscribed to the uplink broker. */
  public long connectorTasksConnected() {
    return PipelineFigures.connectorSum("mqtt-connected");
  }

  public void restartConnect() throws Exception {
    if (connect != null) {
      connect.close();
      startConnect();
    }
  }

  /** Stops the job's queries and starts them again from their checkpoints. */
  public void restartJob() throws Exception {
    job.stop();
    startJob();
  }

  public StackSettings settings() {
    return settings;
  }

  public String siteBrokerUri() {
    return siteUri;
  }

  public String uplinkBrokerUri() {
    return uplinkUri;
  }

  public String kafkaBootstrap() {
    return bootstrap;
  }

  public RunningJob job() {
    return job;
  }

  public Gateway gateway() {
    return gateway;
  }

  ConnectWorker connect() {
    return connect;
  }

  FleetRun fleet() {
    return fleet;
  }

  /** Every rule's current state on every machine, from maintenance.alerts. */
  AlertStates alertStates() {
    return alertStates;
  }

  /** The influxd this stack started, or null. */
  InfluxdProcess influxd() {
    return influxd;
  }

  /** Where the job writes. */
  StackSettings.Influx influx() {
    return influx;
  }

  LineProtocolFileEndpoint fileSink() {
    return fileSink;
  }

  LatestWindows latest() {
    return latest;
  }

  /** True once the simulator or replay has published everything it was asked to. */
  /** Stops the devices; the rest of the chain goes on with what they sent. */
  public synchronized void stopDevices() throws InterruptedException {
    if (fleet != null) {
      fleet.close();
      started.remove(fleet);
    }
  }

  /** Records added to {@code topic} since this stack started (the whole log, if it was new). */
  public long recordsAddedThisRun(String topic) {
    try {
      return endOffsets(topic) - offsetsAtStart.getOrDefault(topic, 0L);
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * The sum of {@code topic}'s end offsets: records it ever took. One admin client serves every
   * call (the tally asks twice a second while the chain drains, the bench's sampler every second).
   */
  public long endOffsets(String topic) throws Exception {
    int partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(10, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    long sum = 0;
    for (var e : admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values()) {
      sum += e.offset();
    }
    return sum;
  }

  public boolean devicesFinished() {
    return fleet == null || fleet.finished();
  }

  public long readingsSent() {
    return fleet == null ? 0 : fleet.readingsAcknowledged();
  }

  /** Processes everything Kafka holds now, in every query of the job. */
  public void processAllAvailable() {
    job.processAllAvailable();
  }

  @Override
  public synchronized void close() throws Exception {
    Exception failure = null;
    // Devices first, then the stages in the order data flows.
    if (fleet != null) {
      fleet.close();
      started.remove(fleet);
    }
    if (gateway != null) {
      try {
        gateway.close();
      } catch (Exception e) {
        failure = e;
      }
      gateway = null;
    }
    if (connect != null) {
      connect.close();
      connect = null;
    }
    if (job != null) {
      try {
        job.stop();
      } catch (Exception e) {
        failure = e;
      }
      job = null;
    }
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        LOG.warn("stopping: {}", e.toString());
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
