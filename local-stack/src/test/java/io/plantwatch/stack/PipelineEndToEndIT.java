package io.plantwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantwatch.devices.sim.SentLog;
import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.ingest.records.ReadingAvroConverter;
import io.plantwatch.ingest.records.ReadingSchema;
import io.plantwatch.telemetry.ReadingFormat;
import io.plantwatch.testsupport.ConnectWorkerProcess;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.KafkaBrokerProcess;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.SmtpServer;
import io.plantwatch.testsupport.V2WriteFront;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain, as {@code bin/plantwatch run} wires it, against real servers: the fleet
 * simulator → Mosquitto (site) → the edge gateway → Mosquitto (uplink) → a Kafka Connect worker
 * running the plantwatch connector with two tasks on a shared subscription → Kafka (KRaft, in this
 * JVM) → the analytics job on local Spark → InfluxDB's v2 write API, served by influxd 1.6 behind a
 * path rewrite (last-write-wins, like InfluxDB). Each run gets its own brokers, Kafka and database;
 * both replay the same seeded fleet over the same event time, so both must end with the same
 * windows, and those must equal a reference computed from the simulator's log of what the site
 * broker acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {
  private static final int MACHINES = 6;
  private static final List<String> METRICS = List.of("temperature", "vibration", "pressure");
  private static final long TICKS = 120;
  private static final long STEP_MS = 10_000;
  private static final String WINDOWS = "1m/30s,1m";
  private static final List<Windows.Spec> SPECS =
      List.of(
          new Windows.Spec(60_000, 30_000, "1m/30s"), new Windows.Spec(60_000, 60_000, "1m/1m"));

  /**
   * Watermark delay of the alert queries: 20 minutes of this paced event time, a minute of wall
   * time. The faults hold readings back for up to ~20 s of wall time (400 s of event time); a
   * shared, busy machine needs the rest as margin (at half of it, 10m, a CI run lost alerts once).
   */
  private static final Duration ALERT_WATERMARK = Duration.ofMinutes(20);

  /**
   * Both runs stamp the same event times: 20 minutes ending some 25 minutes ago, so the end marker
   * ({@link #endOfStream}) is still behind the wall clock.
   */
  private static final long START = (System.currentTimeMillis() / 60_000) * 60_000 - 45 * 60_000;

  @RegisterExtension static final MosquittoBroker calmSite = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker calmUplink = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker faultSite = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker faultUplink = new MosquittoBroker();
  @RegisterExtension static final InfluxdServer influxd = new InfluxdServer();
  @RegisterExtension static final SmtpServer calmSmtp = new SmtpServer();
  @RegisterExtension static final SmtpServer faultSmtp = new SmtpServer();
  @RegisterExtension static final MosquittoBroker processSite = new MosquittoBroker();
  @RegisterExtension static final MosquittoBroker processUplink = new MosquittoBroker();
  @RegisterExtension static final SmtpServer processSmtp = new SmtpServer();

  /** The vibration-spike rule over 1m windows. */
  private static final String RULES = Alerts.vibrationSpikeRule("1m");

  // The windows query judges the rule's windows (the alerts' watermark is within the windows'):
  // the query that mails is the one reading its judged windows.
  private static final String ALERT_QUERY = io.plantwatch.analytics.alerts.stream.AlertQuery.JUDGED;

  /** A machine whose one late reading closes every alert window once the fleet is done. */
  private static final String END_MARKER = "zz-end";

  private static Map<Windows.Key, Windows.Stats> undisturbed;
  private static List<String> undisturbedMails;

  @Test
  @Order(1)
  void everyWindowInTheSinkEqualsTheReferenceFromTheSentLog(@TempDir Path out) throws Exception {
    long began = System.nanoTime();
    influxd.createDatabase("calm");
    try (V2WriteFront front = V2WriteFront.to(influxd);
        LocalStack stack =
            LocalStack.start(
                settings(
                    out,
                    calmSite,
                    calmUplink,
                    front,
                    "calm",
                    0,
                    calmSmtp,
                    Map.of(),
                    null,
                    2,
                    ReadingFormat.JSON,
                    true))) {
      await("devices").atMost(Duration.ofMinutes(3)).until(stack::devicesFinished);
      assertThat(stack.fleet().failure()).isNull();
      List<SentLog.Entry> sent = SentLog.read(out.resolve("sent.jsonl"));
      assertThat(sent).hasSize(MACHINES * METRICS.size() * (int) TICKS);
      Map<Windows.Key, Windows.Stats> expected = Windows.reference(sent, SPECS);

      awaitSinkEquals(expected, "calm");
      undisturbed = Windows.inSink(influxd, "calm");

      List<String> expectedMails = Alerts.expectedMails(RULES, expected);
      assertThat(expectedMails).as("the seeded fleet has faults to alert on").isNotEmpty();
      endOfStream(stack, calmSite);
      undisturbedMails = awaitMails(stack, calmSmtp, expectedMails);
      report("undisturbed", stack, sent, undisturbed, undisturbedMails, began);
    }
  }

  @Test
  @Order(2)
  void withGatewayUplinkConnectSparkAndSinkFaultsTheSinkEndsEqualToTheUndisturbedRun(
      @TempDir Path out) throws Exception {
    long began = System.nanoTime();
    influxd.createDatabase("faults");
    // Paced: 2 ticks a second, so the faults below fall in the middle of the stream (60 s).
    try (V2WriteFront front = V2WriteFront.to(influxd);
        LocalStack stack =
            LocalStack.start(
                settings(
                    out,
                    faultSite,
                    faultUplink,
                    front,
                    "faults",
                    2,
                    faultSmtp,
                    Map.of(),
                    null,
                    2,
                    ReadingFormat.JSON,
                    // The faults deliver readings out of order within the alerts' 20 minutes: a
                    // later window's spike can arrive before an earlier window's. An alert fired
                    // early then names the later window and skips the earlier, transient
                    // FIRING/RESOLVED pair that the reference, judging final windows only, has
                    // (analytics-job README, "In the stream"). This run holds the final-window
                    // semantics to the reference exactly; the other two run the default.
                    false))) {
      long t0 = System.nanoTime();
      at(t0, 5);
      stack.crashGateway();

      at(t0, 10);
      // kill -9 with the gateway forwarding throughout: Mosquitto 2.0.11 restores neither the
      // connector's $share subscription nor what was queued since its last autosave, and whatever
      // the gateway forwards before the connector subscribes again is dropped. Receipts make the
      // gateway send it again.
      faultUplink.kill();
      at(t0, 30);
      faultUplink.start();

      at(t0, 40);
      stack.restartConnect();

      at(t0, 47);
      stack.restartJob();

      // From the restart's return: stopping the job waits for a gap between batches (up to
      // 30 s, and batches run back to back here), which would eat into a fixed schedule.
      long sinkDown = System.nanoTime();
      front.stop();
      at(sinkDown, 15);
      front.start();

      endsEqualToTheUndisturbedRun("faults", stack, out, faultSite, faultSmtp, began);
    }
  }

  /**
   * Once the devices are done: every window in {@code db} equals the reference from the sent log
   * and the undisturbed run's, and the alert mails equal the undisturbed run's.
   */
  private static void endsEqualToTheUndisturbedRun(
      String db, LocalStack stack, Path out, MosquittoBroker site, SmtpServer smtp, long began)
      throws Exception {
    await("devices").atMost(Duration.ofMinutes(3)).until(stack::devicesFinished);
    assertThat(stack.fleet().failure()).isNull();
    List<SentLog.Entry> sent = SentLog.read(out.resolve("sent.jsonl"));
    assertThat(sent).hasSize(MACHINES * METRICS.size() * (int) TICKS);
    Map<Windows.Key, Windows.Stats> expected = Windows.reference(sent, SPECS);
    awaitSinkEquals(expected, db);
    Map<Windows.Key, Windows.Stats> sink = Windows.inSink(influxd, db);
    if (undisturbed != null) {
      assertThat(Windows.differences(undisturbed, sink)).isEmpty();
    }
    endOfStream(stack, site);
    List<String> mails = awaitMails(stack, smtp, Alerts.expectedMails(RULES, expected));
    if (undisturbedMails != null) {
      assertThat(mails).containsExactlyInAnyOrderElementsOf(undisturbedMails);
    }
    report(db, stack, sent, sink, mails, began);
  }

  /**
   * Kafka and Connect as operators run them, each its own process, each killed with SIGKILL while
   * the fleet publishes: the Kafka broker (down 10 s) and the Connect worker (restarted at once),
   * against the job on local Spark in this JVM. The readings travel as Avro here (the connector's
   * ReadingAvroConverter, the job's {@code plantwatch.readings.format=avro}) and must end in the
   * same windows and mails as the undisturbed JSON run.
   */
  @Test
  @Order(3)
  void withTheKafkaBrokerAndTheConnectWorkerKilledTheSinkEndsEqualToTheUndisturbedRun(
      @TempDir Path out) throws Exception {
    long began = System.nanoTime();
    influxd.createDatabase("processes");
    try (KafkaBrokerProcess kafka = new KafkaBrokerProcess()) {
      kafka.start();
      Topics.ensure(kafka.bootstrapServers(), 4);
      try (ConnectWorkerProcess connect =
          new ConnectWorkerProcess(kafka::bootstrapServers, ConnectWorkerProcess.builtPlugin())) {
        connect.start();
        connect.putConnector(
            ConnectWorker.CONNECTOR,
            ConnectWorker.connectorConfig(processUplink.uri(), 2, ReadingFormat.AVRO));
        await("connector running with 2 tasks")
            .atMost(Duration.ofSeconds(60))
            .until(() -> connect.running(ConnectWorker.CONNECTOR, 2));
        try (V2WriteFront front = V2WriteFront.to(influxd);
            LocalStack stack =
                LocalStack.start(
                    settings(
                        out,
                        processSite,
                        processUplink,
                        front,
                        "processes",
                        2,
                        processSmtp,
                        Map.of(),
                        kafka.bootstrapServers(),
                        0,
                        ReadingFormat.AVRO,
                        true))) {
          long t0 = System.nanoTime();
          at(t0, 10);
          kafka.kill();
          at(t0, 20);
          kafka.start();
          at(t0, 35);
          connect.kill();
          connect.start();

          endsEqualToTheUndisturbedRun("processes", stack, out, processSite, processSmtp, began);
          assertThat(kafka.readAll(Topics.READINGS).get(0).value())
              .as("the readings topic holds Avro readings, not JSON")
              .satisfies(v -> assertThat(v[0]).isNotEqualTo((byte) '{'))
              .satisfies(
                  v ->
                      assertThat(
                              new ReadingAvroConverter().toConnectData(Topics.READINGS, v).schema())
                          .isEqualTo(ReadingSchema.SCHEMA));
        } finally {
          connect.deleteConnector(ConnectWorker.CONNECTOR);
        }
      }
    }
  }

  private static StackSettings settings(
      Path out,
      MosquittoBroker site,
      MosquittoBroker uplink,
      V2WriteFront front,
      String db,
      double ticksPerSecond,
      SmtpServer smtp,
      Map<String, String> gateway,
      String kafkaBootstrap,
      int connectorTasks,
      ReadingFormat format,
      boolean earlyAlerts)
      throws java.io.IOException {
    java.nio.file.Files.createDirectories(out);
    Path rules = java.nio.file.Files.writeString(out.resolve("rules.yaml"), RULES);
    Map<String, String> job = new HashMap<>();
    job.put("plantwatch.alerts.rules", rules.toString());
    job.put("plantwatch.alerts.smtp.host", smtp.host());
    job.put("plantwatch.alerts.smtp.port", Integer.toString(smtp.port()));
    job.put("plantwatch.alerts.smtp.initialBackoff", "200ms");
    // Every transition its own mail, as the reference counts them.
    job.put("plantwatch.alerts.mail.digestAbove", "100000");
    job.put("plantwatch.alerts.flapping.maxTransitions", "100000");
    job.put("plantwatch.alerts.watermark", ALERT_WATERMARK.toMinutes() + "m");
    job.put("plantwatch.alerts.staleAfter", "1h");
    job.put("plantwatch.readings.format", format.wireName());
    job.put("plantwatch.alerts.early", Boolean.toString(earlyAlerts));
    // Event time runs 20 times faster than wall time here: the default 30 s receipt timeout would
    // hold a reading the killed uplink broker dropped for 10 minutes of event time, and with its
    // doubling on a second miss the alert queries would judge the reading's window without it.
    Map<String, String> gatewayOverrides = new HashMap<>(gateway);
    gatewayOverrides.put(ConfigLoader.environmentName("uplink.receiptTimeout"), "3s");
    return StackSettings.in(out)
        .brokers(site.uri(), 0, uplink.uri(), 0)
        .kafkaBootstrap(kafkaBootstrap)
        .fleet(
            new StackSettings.Fleet(
                MACHINES,
                METRICS,
                ticksPerSecond,
                STEP_MS,
                TICKS,
                START,
                2,
                0.02,
                7,
                out.resolve("sent.jsonl")))
        .connectorTasks(connectorTasks)
        .partitions(4)
        // Longer than the run's event time: no reading is late, whatever the faults reorder.
        .windows(WINDOWS, Duration.ofHours(1), Duration.ofSeconds(1))
        .influx(StackSettings.Influx.v2(front.url(), "", "plantwatch", db))
        .jobConf(job)
        .gatewayOverrides(gatewayOverrides)
        .build();
  }

  private static void at(long t0, int seconds) throws InterruptedException {
    // Schedules the next fault; not an assertion.
    long wait = t0 + TimeUnit.SECONDS.toNanos(seconds) - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static void awaitSinkEquals(Map<Windows.Key, Windows.Stats> expected, String db) {
    await("sink equals the reference")
        .atMost(Duration.ofMinutes(4))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(Windows.differences(expected, Windows.inSink(influxd, db))).isEmpty());
  }

  private static void report(
      String run,
      LocalStack stack,
      List<SentLog.Entry> sent,
      Map<Windows.Key, Windows.Stats> sink,
      List<String> mails,
      long began)
      throws Exception {
    long inWindows =
        sink.entrySet().stream()
            .filter(e -> e.getKey().window().equals("1m/1m"))
            .mapToLong(e -> e.getValue().count())
            .sum();
    assertThat(inWindows).isEqualTo(sent.size());
    long kafkaRecords = records(stack.kafkaBootstrap(), Topics.READINGS);
    long late =
        stack
            .job()
            .progress()
            .totals(io.plantwatch.analytics.AnalyticsJob.WINDOWS_QUERY)
            .lateRowsDropped();
    System.out.printf(
        "%n[e2e %s] readings sent %d, in the sink's 1m windows %d, Kafka records %d (with the end marker),"
            + " duplicates dropped %d, late readings %d (this job run), gateway resent %d,"
            + " windows %d, alerts mailed %d (%d FIRING), alert query: %s, wall time %.0f s%n",
        run,
        sent.size(),
        inWindows,
        kafkaRecords,
        kafkaRecords
            - 1
            - inWindows, // the end-of-stream marker is one record, in no 1m window counted here
        late,
        (long) stack.gateway().metrics().readingsResentTotal(),
        sink.size(),
        mails.size(),
        mails.stream().filter(m -> m.endsWith(" FIRING")).count(),
        alertQueries(stack),
        (System.nanoTime() - began) / 1e9);
  }

  /**
   * Publishes one reading of {@link #END_MARKER} well after the fleet's last tick, once the sink
   * holds every window: the alert queries' watermark passes every window, which they then judge.
   */
  private static void endOfStream(LocalStack stack, MosquittoBroker site) throws Exception {
    // Past the last tick by the alert watermark and two minutes, and still behind the wall clock,
    // since START is 45 minutes before the run.
    long ts = START + TICKS * STEP_MS + ALERT_WATERMARK.toMillis() + 2 * 60_000L;
    try (io.plantwatch.devices.sim.DevicePublisher p =
        new io.plantwatch.devices.sim.DevicePublisher(
            site.uri(), "end-of-stream", null, null, null, null, 1)) {
      p.publish(
          "plant/plant1/line1/" + END_MARKER + "/telemetry",
          ("{\"ts\":" + ts + ",\"metrics\":{\"vibration\":{\"value\":2.0,\"unit\":\"mm/s\"}}}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8),
          () -> {});
      assertThat(p.flush(10_000)).isTrue();
    }
  }

  /** The expected mails, exactly; when they do not come, the alert query's state says why. */
  private static List<String> awaitMails(LocalStack stack, SmtpServer smtp, List<String> expected)
      throws Exception {
    return Alerts.awaitMails(
        smtp,
        expected,
        () -> {
          var last = stack.job().progress().last(ALERT_QUERY);
          var query = stack.job().query(ALERT_QUERY);
          return String.format(
              "alert query: %s; active %s, failure %s; its last batch: %s",
              alertQueries(stack),
              query.isActive(),
              query.exception(),
              last == null ? "none" : last.describe());
        });
  }

  /** The alert query's late readings and closest call to its watermark, in this job run. */
  private static String alertQueries(LocalStack stack) {
    var totals = stack.job().progress().totals(ALERT_QUERY);
    return String.format(
        java.util.Locale.ROOT,
        "%d late readings dropped, closest reading %s ahead of the watermark (of %s)",
        totals.lateRowsDropped(),
        totals.minHeadroomMs() == io.plantwatch.analytics.monitoring.BatchFigures.NO_HEADROOM
            ? "-"
            : Duration.ofMillis(totals.minHeadroomMs()),
        ALERT_WATERMARK);
  }

  private static long records(String bootstrap, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(
          p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(r -> r.offset())
          .sum();
    }
  }
}
