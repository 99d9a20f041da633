package io.plantwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.devices.replay.ReplayCommand;
import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.devices.sim.SentLog;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.stack.Alerts;
import io.plantwatch.stack.LocalSpark;
import io.plantwatch.stack.LocalStack;
import io.plantwatch.stack.Topics;
import io.plantwatch.stack.Windows;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.testsupport.ConnectWorkerProcess;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.KafkaBrokerProcess;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.SmtpServer;
import io.plantwatch.testsupport.SparkHome;
import io.plantwatch.testsupport.SparkProcess;
import io.plantwatch.training.rul.Recipe;
import io.plantwatch.training.rul.RulTraining;
import io.plantwatch.training.rul.UnitRange;
import io.plantwatch.training.rul.ValidationProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on real clusters, every server its own process on this machine: two site brokers
 * with a gateway each → the uplink broker → Kafka Connect in distributed mode, two worker JVMs with
 * the built plugin zip on their {@code plugin.path} and the shipped connector registered over REST
 * with two tasks → three Kafka brokers (KRaft, replication factor 3, {@code min.insync.replicas} 2)
 * → the analytics job submitted with {@code spark-submit} to a Spark standalone cluster (a Master
 * and two Workers, each worker's executor its own JVM, from a {@code SPARK_HOME} whose {@code
 * jars/} holds the job's classpath) → influxd.
 *
 * <p>While the fleet publishes, one node of each kind is killed with {@code kill -9} in turn: a
 * Spark worker (its executor goes with it; the other executor takes its tasks), a Kafka broker
 * (leadership moves), a Connect worker (its tasks move to the other), and the Spark driver, which
 * is then submitted again and resumes from its checkpoint. After the drain every window in influxd
 * must equal the plain-Java reference computed from what the site brokers acknowledged. Two C-MAPSS
 * engines replayed before the fleet are scored by a health model trained here, which the executors
 * apply: a remaining-life point for every cycle must reach influxd. The job runs the shipped
 * example rules and a vibration-spike rule, and the alert mails must be exactly those the
 * references give through the rules and the alert lifecycle (the fleet's windows, the engines'
 * readings, the engines' scores): none lost, none sent twice, whatever was killed (the driver keeps
 * its outbox). Every setting comes from {@link ClusterDeployment}. Each scenario prints readings
 * sent, in windows, lost and doubled (from the tumbling 5-second windows of its period) and the
 * time until the windows were whole again.
 */
class ClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METRICS = List.of("temperature", "vibration", "pressure");
  private static final int MACHINES_PER_SITE = 4;

  /** 2 sites × 4 machines × 3 metrics × 5 ticks a second = 120 readings/s. */
  private static final int TICKS_PER_SECOND = 5;

  private static final List<Windows.Spec> SPECS =
      List.of(new Windows.Spec(10_000, 5_000, "10s/5s"), new Windows.Spec(5_000, 5_000, "5s/5s"));
  private static final long TUMBLING_MS = 5_000;

  /** The windows the rules read besides the sink's: the examples' vibration and turbofan specs. */
  private static final Windows.Spec VIBRATION_ZONES = new Windows.Spec(300_000, 60_000, "5m/1m");

  private static final Windows.Spec TURBOFAN = new Windows.Spec(600_000, 60_000, "10m/1m");

  /** How long the fleet publishes; the faults strike within it. */
  private static final Duration PUBLISHING = Duration.ofSeconds(120);

  private static final Path CMAPSS = Path.of("..", "testdata", "cmapss", "train_FD001.txt");

  /** The engines replayed for the health model (not among those it was trained on). */
  private static final List<String> ENGINES = List.of("engine-11", "engine-12");

  /** The replay's last cycle lands this long before the fleet's first tick. */
  private static final Duration REPLAY_BEFORE_FLEET = Duration.ofMinutes(10);

  private static Path modelDir;

  private static final MosquittoBroker siteA = new MosquittoBroker();
  private static final MosquittoBroker siteB = new MosquittoBroker();
  private static final MosquittoBroker uplink = new MosquittoBroker();
  private static final InfluxdServer influxd = new InfluxdServer();
  private static final SmtpServer smtp = new SmtpServer();
  private static final List<KafkaBrokerProcess> kafka =
      KafkaBrokerProcess.cluster(ClusterDeployment.BROKERS);
  private static final List<ConnectWorkerProcess> connect = new ArrayList<>();
  private static SparkHome sparkHome;
  private static SparkProcess master;
  private static final List<SparkProcess> workers = new ArrayList<>();
  private static SparkProcess driver;

  @BeforeAll
  static void startClusters(@TempDir Path tmp) throws Exception {
    // The model trains in this JVM while the servers start, most of which is waiting.
    modelDir = tmp.resolve("model");
    CompletableFuture<Void> training = aside("training", () -> trainModel(modelDir));
    siteA.start();
    siteB.start();
    uplink.start();
    influxd.start();
    influxd.createDatabase(ClusterDeployment.DB);
    smtp.start();
    KafkaBrokerProcess.startAll(kafka);
    String bootstrap = KafkaBrokerProcess.bootstrapServers(kafka);
    Topics.ensure(bootstrap, 4, (short) 3);
    List<CompletableFuture<Void>> connectStarts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ConnectWorkerProcess worker =
          new ConnectWorkerProcess(() -> bootstrap, ConnectWorkerProcess.builtPlugin());
      ClusterDeployment.connectWorker().forEach(worker::withProperty);
      connect.add(worker);
      connectStarts.add(aside("connect-start", worker::start));
    }
    connectStarts.forEach(CompletableFuture::join);
    registerConnector(connect.get(0));
    training.join();
    sparkHome = SparkHome.assemble(sparkJars(), sparkOpens());
    master = SparkProcess.master(sparkHome);
    master.start();
    for (int i = 0; i < 2; i++) {
      SparkProcess w = SparkProcess.worker(sparkHome, master, 1, "1g");
      w.start();
      workers.add(w);
    }
    driver =
        SparkProcess.driver(
            sparkHome,
            "768m",
            ClusterDeployment.submitArgs(
                new ClusterDeployment.Endpoints(
                    master.masterUrl(),
                    bootstrap,
                    influxd.baseUrl(),
                    smtp.host(),
                    smtp.port(),
                    tmp),
                jobJar()));
    driver.start();
  }

  @AfterAll
  static void stopClusters() throws Exception {
    keepLogs();
    List<AutoCloseable> all = new ArrayList<>();
    all.add(driver);
    all.addAll(workers);
    all.add(master);
    all.addAll(connect);
    all.addAll(kafka);
    all.addAll(List.of(smtp, influxd, uplink, siteB, siteA));
    // Last: the Workers kept their executors' files under it.
    if (sparkHome != null) {
      all.add(sparkHome::delete);
    }
    for (AutoCloseable c : all) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("stopping " + c + ": " + e);
        }
      }
    }
  }

  /**
   * The windows of the simulated fleet in influxd (the replayed engines are not in the reference).
   */
  private static Map<Windows.Key, Windows.Stats> fleetWindows() throws Exception {
    Map<Windows.Key, Windows.Stats> out = new java.util.TreeMap<>();
    Windows.inSink(influxd, ClusterDeployment.DB)
        .forEach(
            (k, v) -> {
              if (!ENGINES.contains(k.machine())) {
                out.put(k, v);
              }
            });
    return out;
  }

  /**
   * Waits until influxd holds a remaining-life point for every replayed cycle of both engines: the
   * executors scored each with the model the driver loaded.
   */
  private static void awaitEveryCycleScored(List<SentLog.Entry> replayed) throws Exception {
    Map<String, Long> cycles = new java.util.TreeMap<>();
    replayed.stream()
        .filter(e -> e.metric().equals("cycle"))
        .forEach(e -> cycles.merge(e.machine(), 1L, Long::sum));
    assertThat(cycles).containsOnlyKeys(ENGINES);
    try {
      await("a remaining-life point for every replayed cycle")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> healthPoints().equals(cycles));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "remaining-life points per engine: "
              + healthPoints()
              + ", cycles replayed: "
              + cycles
              + "; the driver's log (all of it in target/cluster-logs):\n"
              + driver.logTail(),
          e);
    }
    System.out.println("CLUSTER health points per engine: " + healthPoints());
  }

  /**
   * The reference windows an alert query has judged once its newest reading has event time {@code
   * newest}: those whose end its watermark passed. A query's watermark follows the readings of the
   * metrics its rules read: the end marker's vibration moves the vibration queries'; nothing after
   * the engines' last cycle moves the turbofan query's, so their last windows stay open.
   */
  private static Map<Windows.Key, Windows.Stats> judged(
      Map<Windows.Key, Windows.Stats> reference, long newest) {
    long watermark = newest - ClusterDeployment.ALERT_WATERMARK.toMillis();
    Map<Windows.Key, Windows.Stats> out = new java.util.TreeMap<>();
    reference.forEach(
        (k, v) -> {
          if (k.end() <= watermark) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** How many of {@code mails} ("machine rule STATE") each rule sent. */
  private static Map<String, Long> byRule(List<String> mails) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String m : mails) {
      String[] w = m.split(" ");
      out.merge(w[w.length - 2], 1L, Long::sum);
    }
    return out;
  }

  /** Remaining-life points in influxd per machine. */
  private static Map<String, Long> healthPoints() throws Exception {
    JsonNode r =
        influxd.query(
            ClusterDeployment.DB,
            "SELECT count(\"rul_cycles\") FROM \"machine_health\" GROUP BY \"machine\"");
    Map<String, Long> out = new java.util.TreeMap<>();
    for (JsonNode series : r.path("results").path(0).path("series")) {
      out.put(
          series.path("tags").path("machine").asText(),
          series.path("values").get(0).get(1).asLong());
    }
    return out;
  }

  /**
   * A small health model (6 training units, 4 trees), trained in this JVM on local Spark as a user
   * trains one before submitting the job; the driver loads it, the executors score with it.
   */
  private static void trainModel(Path dir) throws Exception {
    RulTraining.train(
        LocalSpark.session(),
        new RulTraining.Options(
            CMAPSS,
            dir,
            UnitRange.parse("1-6"),
            Recipe.shipped(30, 4, 7),
            0.9,
            new ValidationProtocol.Settings(1, 2, 2, 7)),
        null);
    LocalSpark.session().stop();
  }

  /**
   * Engines 11 and 12 of C-MAPSS replayed to site A as fast as the broker takes them, one cycle a
   * minute of event time (the replay's default, which the example rules and the health query's
   * default cycle assume), the last cycle {@link #REPLAY_BEFORE_FLEET} before now: once the fleet
   * publishes, the watermarks pass every cycle. What the site broker acknowledged goes to {@code
   * log}.
   */
  private static void replayEngines(Path log) throws Exception {
    int lastCycle =
        io.plantwatch.telemetry.CmapssFile.read(CMAPSS).stream()
            .filter(r -> r.unit() == 11 || r.unit() == 12)
            .mapToInt(io.plantwatch.telemetry.CmapssFile.Row::cycle)
            .max()
            .orElseThrow();
    long start =
        System.currentTimeMillis()
            - REPLAY_BEFORE_FLEET.toMillis()
            - (lastCycle - 1) * Duration.ofMinutes(1).toMillis();
    int code =
        new picocli.CommandLine(new ReplayCommand())
            .execute(
                "--cmapss",
                CMAPSS.toString(),
                "--units",
                "11-12",
                "--start-ts",
                Long.toString(start),
                "--broker",
                siteA.uri(),
                "--client-id",
                "replay",
                "--log",
                log.toString());
    assertThat(code).as("the replay's exit code").isZero();
  }

  /**
   * The replayed readings as the gateway forwards them: in the canonical units the rules are
   * written in.
   */
  private static List<SentLog.Entry> inGatewayUnits(List<SentLog.Entry> sent) {
    io.plantwatch.telemetry.CanonicalUnits units =
        io.plantwatch.telemetry.CanonicalUnits.withDefaults();
    List<SentLog.Entry> out = new ArrayList<>();
    for (SentLog.Entry e : sent) {
      var m = units.canonicalize(e.metric(), e.value(), e.unit(), e.ts()).value();
      out.add(
          new SentLog.Entry(
              e.topic(), e.site(), e.line(), e.machine(), e.metric(), m.value(), m.unit(), e.ts()));
    }
    return out;
  }

  /**
   * The mails the rules give on the engines: the turbofan rules from the reference windows of the
   * replayed readings, the predicted-life rule from the remaining-life scores the job wrote to
   * influxd (the model and its scoring have their own tests; here it is the alert path that must
   * mail each transition exactly once), with the limit the job derives from the model's band.
   */
  private static List<String> expectedEngineMails(List<SentLog.Entry> replayed) throws Exception {
    List<String> out =
        new ArrayList<>(
            Alerts.expectedMails(
                ClusterDeployment.RULES,
                judged(
                    Windows.reference(inGatewayUnits(replayed), List.of(TURBOFAN)),
                    replayed.stream().mapToLong(SentLog.Entry::ts).max().orElseThrow())));
    io.plantwatch.analytics.alerts.rules.RuleSet rules =
        io.plantwatch.analytics.alerts.rules.RulesFile.parse(
                "cluster rules", ClusterDeployment.RULES)
            .withBand(
                io.plantwatch.analytics.health.ModelManifest.read(
                        modelDir.resolve(io.plantwatch.analytics.health.ModelManifest.FILE))
                    ::halfWidthAt);
    List<Alerts.Observed> scores = new ArrayList<>();
    for (String engine : ENGINES) {
      List<String> fields = io.plantwatch.analytics.alerts.rules.PredictedLifeRule.FIELDS;
      JsonNode r =
          influxd.query(
              ClusterDeployment.DB,
              "SELECT \""
                  + String.join("\", \"", fields)
                  + "\" FROM \"machine_health\" WHERE \"machine\" = '"
                  + engine
                  + "'");
      for (JsonNode v : r.path("results").path(0).path("series").path(0).path("values")) {
        for (int i = 0; i < fields.size(); i++) {
          double x = v.get(1 + i).asDouble();
          scores.add(
              new Alerts.Observed(
                  engine,
                  new io.plantwatch.analytics.alerts.rules.Observation(
                      fields.get(i),
                      io.plantwatch.analytics.alerts.rules.PredictedLifeRule.WINDOW,
                      v.get(0).asLong(),
                      x,
                      x,
                      x,
                      1)));
        }
      }
    }
    out.addAll(Alerts.expectedMails(rules, scores));
    return out;
  }

  /**
   * One reading of a machine of its own, past the fleet's last tick by the alert watermark and two
   * windows: the alert query's watermark passes every window of the run, which it then judges.
   */
  private static long endOfStream(long lastTs) throws Exception {
    long ts = lastTs + ClusterDeployment.ALERT_WATERMARK.toMillis() + 2 * TUMBLING_MS;
    try (DevicePublisher p =
        new DevicePublisher(siteA.uri(), "end-of-stream", null, null, null, null, 1)) {
      p.publish(
          "plant/site-a/line-1/zz-end/telemetry",
          ("{\"ts\":" + ts + ",\"metrics\":{\"vibration\":{\"value\":2.0,\"unit\":\"mm/s\"}}}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8),
          () -> {});
      assertThat(p.flush(10_000)).isTrue();
    }
    return ts;
  }

  /** Partitions of the readings topic whose leader is broker {@code node}, asked of the others. */
  private static List<Integer> partitionsLedBy(int node) {
    java.util.Properties p = new java.util.Properties();
    p.put(
        org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.get(0).bootstrapServers() + "," + kafka.get(2).bootstrapServers());
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(p)) {
      return admin
          .describeTopics(List.of(KafkaTopics.READINGS))
          .allTopicNames()
          .get()
          .get(KafkaTopics.READINGS)
          .partitions()
          .stream()
          .filter(i -> i.leader() != null && i.leader().id() == node)
          .map(org.apache.kafka.common.TopicPartitionInfo::partition)
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("describing " + KafkaTopics.READINGS, e);
    }
  }

  /** The Spark processes' logs, copied to target/cluster-logs before their folders go. */
  private static void keepLogs() {
    Path out = Path.of("target", "cluster-logs");
    List<SparkProcess> spark = new ArrayList<>(workers);
    spark.add(master);
    spark.add(driver);
    for (SparkProcess p : spark) {
      try {
        if (p != null && Files.exists(p.log())) {
          Files.createDirectories(out);
          Files.copy(
              p.log(),
              out.resolve(p.log().getParent().getFileName() + ".log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (Exception e) {
        System.err.println("keeping " + p.log() + ": " + e);
      }
    }
  }

  /** One fault: when it strikes, and what it does until the node may come back. */
  private record Fault(String name, Duration at, Step inject, Step restore) {}

  private interface Step {
    void run() throws Exception;
  }

  /**
   * Runs {@code step} on a thread of its own (the common pool has a single thread on a two-core
   * machine); the future fails with what the step threw.
   */
  private static CompletableFuture<Void> aside(String name, Step step) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    new Thread(
            () -> {
              try {
                step.run();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            name)
        .start();
    return done;
  }

  /** What happened to one fault's period. */
  private record Outcome(String name, long killedAtMs, long recoveredMs) {}

  @Test
  void everyWindowIsExactWhileANodeOfEachKindIsKilled(@TempDir Path tmp) throws Exception {
    awaitExecutors(2);
    List<Fault> faults =
        List.of(
            new Fault(
                "spark-worker",
                Duration.ofSeconds(15),
                () -> workers.get(0).kill(),
                () -> workers.get(0).start()),
            new Fault(
                "kafka-broker",
                Duration.ofSeconds(40),
                () -> {
                  List<Integer> led = partitionsLedBy(2);
                  kafka.get(1).kill();
                  // Leadership of what the killed broker led moves to the others.
                  await("new leaders for partitions " + led + " of " + KafkaTopics.READINGS)
                      .atMost(Duration.ofSeconds(60))
                      .until(() -> partitionsLedBy(2).isEmpty());
                  System.out.printf(
                      "CLUSTER kafka-broker: partitions %s of %s led by broker 2 moved%n",
                      led, KafkaTopics.READINGS);
                },
                () -> kafka.get(1).start()),
            new Fault(
                "connect-worker",
                Duration.ofSeconds(65),
                () -> {
                  connect.get(0).kill();
                  // The survivor takes both tasks once the rebalance delay has passed.
                  await("both connector tasks running on the surviving Connect worker")
                      .atMost(Duration.ofSeconds(90))
                      .until(() -> tasksOn(connect.get(1)) == 2);
                },
                () -> connect.get(0).start()),
            new Fault(
                "spark-driver",
                Duration.ofSeconds(90),
                () -> {
                  driver.kill();
                  // Resubmitted as an operator (or --supervise) would: same command, same
                  // checkpoint.
                  driver.start();
                },
                () -> {}));

    List<SentLog.Entry> acknowledged = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicLong publishingFrom =
        new java.util.concurrent.atomic.AtomicLong();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> faultFailed = new AtomicReference<>();
    List<CompletableFuture<Void>> restores = new ArrayList<>();
    Thread faultThread =
        new Thread(
            () -> {
              try {
                for (Fault f : faults) {
                  long due = publishingFrom.get() + f.at().toMillis();
                  Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                  long killedAt = System.currentTimeMillis();
                  System.out.printf("CLUSTER %s: kill -9 at %d%n", f.name(), killedAt);
                  f.inject().run();
                  long recovered = awaitWhole(killedAt, acknowledged);
                  // The node comes back while the next fault strikes: starting a JVM takes
                  // seconds the scenario does not need to wait for.
                  restores.add(aside(f.name() + "-restore", f.restore()));
                  outcomes.add(new Outcome(f.name(), killedAt, recovered));
                }
                // A killed node that does not start again fails the faults.
                for (CompletableFuture<Void> r : restores) {
                  r.get(2, java.util.concurrent.TimeUnit.MINUTES);
                }
              } catch (Throwable e) {
                faultFailed.set(e);
              }
            },
            "faults");

    try (Gateway gwA = gateway("gw-a", siteA, tmp);
        Gateway gwB = gateway("gw-b", siteB, tmp);
        DevicePublisher devicesA =
            new DevicePublisher(siteA.uri(), "devices-a", null, null, null, null, 50);
        DevicePublisher devicesB =
            new DevicePublisher(siteB.uri(), "devices-b", null, null, null, null, 50)) {
      FleetSimulator fleetA = fleet("site-a", "a-m", 1);
      FleetSimulator fleetB = fleet("site-b", "b-m", 2);
      // The engines go first, through the gateway now listening; the fleet then starts at now.
      replayEngines(tmp.resolve("replay.jsonl"));
      long startMs = System.currentTimeMillis();
      publishingFrom.set(startMs);
      faultThread.start();
      long ticks = PUBLISHING.toSeconds() * TICKS_PER_SECOND;
      long tick = 0;
      // At least PUBLISHING, and on while a fault is still being handled: its recovery is judged
      // on a window that starts 10 s after its kill, which must hold readings (a fault starts
      // only once the one before it is over, so the last may come late).
      for (; tick < ticks || faultThread.isAlive(); tick++) {
        long due = startMs + tick * 1000 / TICKS_PER_SECOND;
        Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
        for (FleetSimulator.Message m : fleetA.tick(tick, due)) {
          devicesA.publish(m.topic(), m.payload(), () -> acknowledged.addAll(m.entries()));
        }
        for (FleetSimulator.Message m : fleetB.tick(tick, due)) {
          devicesB.publish(m.topic(), m.payload(), () -> acknowledged.addAll(m.entries()));
        }
      }
      assertThat(devicesA.flush(30_000) && devicesB.flush(30_000)).isTrue();
      faultThread.join(Duration.ofMinutes(5).toMillis());
      if (faultFailed.get() != null) {
        throw new AssertionError("a fault's injection or recovery failed", faultFailed.get());
      }
      long publishedAt = System.currentTimeMillis();
      Map<Windows.Key, Windows.Stats> expected = Windows.reference(acknowledged, SPECS);
      try {
        await("every window in influxd equals the reference")
            .pollInterval(Duration.ofSeconds(2))
            .atMost(Duration.ofMinutes(3))
            .until(() -> Windows.differences(expected, fleetWindows()).isEmpty());
      } finally {
        report(outcomes, acknowledged, startMs, publishedAt);
      }
      assertThat(gwA.queue().readingCount() + gwB.queue().readingCount()).isZero();
      long marker = endOfStream(startMs + tick * 1000 / TICKS_PER_SECOND);
      // The examples' vibration zones read 5m/1m windows, computed here for the rules only.
      List<Windows.Spec> alertSpecs = new ArrayList<>(SPECS);
      alertSpecs.add(VIBRATION_ZONES);
      List<String> expectedMails =
          new ArrayList<>(
              Alerts.expectedMails(
                  ClusterDeployment.RULES,
                  judged(Windows.reference(acknowledged, alertSpecs), marker)));
      List<SentLog.Entry> replayed = SentLog.read(tmp.resolve("replay.jsonl"));
      awaitEveryCycleScored(replayed);
      expectedMails.addAll(expectedEngineMails(replayed));
      System.out.printf(
          "CLUSTER alert mails expected from the reference, by rule: %s%n", byRule(expectedMails));
      assertThat(expectedMails).isNotEmpty();
      List<String> mails =
          Alerts.awaitMails(smtp, expectedMails, () -> "the driver's log:\n" + driver.logTail());
      System.out.printf(
          "CLUSTER alert mails: %d received, %d expected from the reference%n",
          mails.size(), expectedMails.size());
    }
    assertThat(outcomes)
        .extracting(Outcome::name)
        .containsExactly("spark-worker", "kafka-broker", "connect-worker", "spark-driver");
    assertThat(outcomes).allSatisfy(o -> assertThat(o.recoveredMs()).isNotNegative());
  }

  /**
   * Spark's own account that the job ran in executors of the standalone cluster: the driver's REST
   * API lists {@code count} executors besides the driver, each on a worker, and the operating
   * system shows their JVMs ({@code CoarseGrainedExecutorBackend}) apart from the driver's.
   */
  private static void awaitExecutors(int count) throws Exception {
    try {
      await("the job's executors registered and running tasks")
          .atMost(Duration.ofMinutes(3))
          .until(() -> executorsWithTasks().size() >= count);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no executors at work; the driver's log:\n"
              + driver.logTail()
              + "\nthe first worker's log:\n"
              + workers.get(0).logTail()
              + "\nthe Master's status: "
              + master.status(),
          e);
    }
    List<JsonNode> executors = executorsWithTasks();
    System.out.println("CLUSTER executors: " + executors);
    assertThat(executors).allSatisfy(e -> assertThat(e.path("id").asText()).isNotEqualTo("driver"));
    List<Long> executorPids =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .orElse("")
                        .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
            .map(ProcessHandle::pid)
            .toList();
    assertThat(executorPids).hasSizeGreaterThanOrEqualTo(count).doesNotContain(driver.pid());
  }

  /** The executors (not the driver) that have run at least one task. */
  private static List<JsonNode> executorsWithTasks() {
    try {
      JsonNode apps = driver.api("/applications");
      String id = apps.get(0).path("id").asText();
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode e : driver.api("/applications/" + id + "/executors")) {
        if (!e.path("id").asText().equals("driver") && e.path("totalTasks").asInt() > 0) {
          out.add(e);
        }
      }
      return out;
    } catch (Exception e) {
      return List.of();
    }
  }

  /**
   * Milliseconds from the kill until the first tumbling window that starts at least 10 s after it
   * holds, in influxd, every reading the site brokers acknowledged for it: the chain carries new
   * readings end to end again.
   */
  private static long awaitWhole(long killedAt, List<SentLog.Entry> acknowledged) throws Exception {
    long start = ceil(killedAt + 10_000);
    long end = start + TUMBLING_MS;
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(3).toMillis();
    while (System.currentTimeMillis() < deadline) {
      if (System.currentTimeMillis() > end) {
        long sent = acknowledged.stream().filter(e -> e.ts() >= start && e.ts() < end).count();
        long inSink = tumblingCount(Windows.inSink(influxd, ClusterDeployment.DB), start, end);
        if (sent > 0 && inSink == sent) {
          return System.currentTimeMillis() - killedAt;
        }
      }
      Thread.sleep(500);
    }
    return -1;
  }

  private static long ceil(long ms) {
    return Math.floorDiv(ms + TUMBLING_MS - 1, TUMBLING_MS) * TUMBLING_MS;
  }

  /** Readings counted by the tumbling windows lying within [from, to). */
  private static long tumblingCount(Map<Windows.Key, Windows.Stats> sink, long from, long to) {
    return sink.entrySet().stream()
        .filter(e -> e.getKey().window().equals("5s/5s"))
        .filter(e -> e.getKey().end() - TUMBLING_MS >= from && e.getKey().end() <= to)
        .mapToLong(e -> e.getValue().count())
        .sum();
  }

  /**
   * Per fault's period (to the next fault, the last to the end): sent, in windows, lost, doubled.
   */
  private static void report(
      List<Outcome> outcomes, List<SentLog.Entry> acknowledged, long startMs, long publishedAt)
      throws Exception {
    Map<Windows.Key, Windows.Stats> sink = Windows.inSink(influxd, ClusterDeployment.DB);
    Map<Windows.Key, Long> sentPerWindow = new HashMap<>();
    for (SentLog.Entry e : acknowledged) {
      long end = Math.floorDiv(e.ts(), TUMBLING_MS) * TUMBLING_MS + TUMBLING_MS;
      sentPerWindow.merge(new Windows.Key(e.machine(), e.metric(), "5s/5s", end), 1L, Long::sum);
    }
    Map<String, long[]> periods = new LinkedHashMap<>();
    List<Long> bounds = new ArrayList<>();
    bounds.add(Math.floorDiv(startMs, TUMBLING_MS) * TUMBLING_MS);
    outcomes.forEach(o -> bounds.add(Math.floorDiv(o.killedAtMs(), TUMBLING_MS) * TUMBLING_MS));
    bounds.add(Long.MAX_VALUE);
    List<String> names = new ArrayList<>(List.of("before the faults"));
    outcomes.forEach(o -> names.add(o.name()));
    for (int i = 0; i < names.size(); i++) {
      long from = bounds.get(i);
      long to = bounds.get(i + 1);
      long[] t = new long[4]; // sent, in windows, lost, doubled
      sentPerWindow.forEach(
          (k, sent) -> {
            if (k.end() - TUMBLING_MS >= from && k.end() <= to) {
              Windows.Stats s = sink.get(k);
              long got = s == null ? 0 : s.count();
              t[0] += sent;
              t[1] += got;
              t[2] += Math.max(0, sent - got);
              t[3] += Math.max(0, got - sent);
            }
          });
      periods.put(names.get(i), t);
    }
    StringBuilder out = new StringBuilder();
    periods.forEach(
        (name, t) -> {
          Outcome o = outcomes.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
          out.append(
              String.format(
                  "CLUSTER %s: sent %d, in windows %d, lost %d, doubled %d%s%n",
                  name,
                  t[0],
                  t[1],
                  t[2],
                  t[3],
                  o == null
                      ? ""
                      : ", windows whole again " + o.recoveredMs() + " ms after the kill"));
        });
    out.append(
        String.format(
            "CLUSTER drain: %d s after the devices stopped%n",
            (System.currentTimeMillis() - publishedAt) / 1000));
    System.out.print(out);
    Files.writeString(Path.of("target", "cluster.txt"), out.toString());
  }

  private static int tasksOn(ConnectWorkerProcess worker) {
    try {
      JsonNode s = worker.status("plantwatch-ingest");
      if (s == null) {
        return 0;
      }
      String me = worker.restUrl().replace("http://", "");
      int n = 0;
      for (JsonNode t : s.path("tasks")) {
        if (t.path("state").asText().equals("RUNNING") && t.path("worker_id").asText().equals(me)) {
          n++;
        }
      }
      return n;
    } catch (Exception e) {
      return 0;
    }
  }

  private static FleetSimulator fleet(String site, String prefix, long seed) {
    return new FleetSimulator(
        site,
        "line-1",
        FleetSimulator.machineNames(prefix, MACHINES_PER_SITE),
        METRICS,
        1,
        0.003,
        false,
        PUBLISHING.toSeconds() * TICKS_PER_SECOND,
        seed);
  }

  private static Gateway gateway(String id, MosquittoBroker site, Path tmp) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.environmentName("id"), id);
    env.put(ConfigLoader.environmentName("site.broker.clientId"), id + "-site");
    env.put(ConfigLoader.environmentName("uplink.broker.clientId"), id + "-uplink");
    env.put(ConfigLoader.environmentName("uplink.broker.reconnectMaxDelay"), "PT5S");
    env.put(ConfigLoader.environmentName("uplink.receiptTimeout"), "PT10S");
    Gateway g =
        new Gateway(
            LocalStack.gatewayConfig(site.uri(), uplink.uri(), tmp.resolve(id + "-queue"), env),
            Clock.systemUTC());
    g.start();
    await(id + " connected to its site broker and the uplink")
        .atMost(Duration.ofSeconds(30))
        .until(() -> g.siteConnected() && g.uplinkConnected());
    return g;
  }

  /** The connector as the compose stack registers it (docker/connect), on this uplink broker. */
  private static void registerConnector(ConnectWorkerProcess worker) throws Exception {
    worker.putConnector("plantwatch-ingest", ClusterDeployment.connector(uplink.uri()));
    await("the connector's two tasks running")
        .atMost(Duration.ofSeconds(90))
        .until(() -> worker.running("plantwatch-ingest", ClusterDeployment.CONNECTOR_TASKS));
  }

  private static Path jobJar() {
    Path jar = Path.of("..", "analytics-job", "target", "plantwatch-analytics-job.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the job's jar first: mvn -pl analytics-job package");
    }
    return jar.toAbsolutePath().normalize();
  }

  /** The job's classpath, Spark included, as analytics-job's build wrote it. */
  private static List<Path> sparkJars() throws Exception {
    List<Path> jars = new ArrayList<>();
    for (String list : List.of("spark-home.classpath", "spark-home-provided.classpath")) {
      String text = Files.readString(Path.of("..", "analytics-job", "target", list)).strip();
      Arrays.stream(text.split(java.io.File.pathSeparator)).map(Path::of).forEach(jars::add);
    }
    return jars;
  }

  private static List<String> sparkOpens() {
    String opens = System.getProperty("plantwatch.sparkOpens", "");
    return opens.isBlank() ? List.of() : List.of(opens.strip().split("\\s+"));
  }
}
