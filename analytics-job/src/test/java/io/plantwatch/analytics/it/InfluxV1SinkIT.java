package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.influx.SinkWriteException;
import io.plantwatch.testsupport.InfluxdServer;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job writing to Debian's influxd 1.6 through its own {@code /write} API, with authentication
 * on and no front in between: exact windows, hostile names, {@code auto} choosing v1 from {@code
 * /ping}, and a wrong password failing at once with influxd's answer.
 */
@ExtendWith(StateStoresReleased.class)
class InfluxV1SinkIT {
  private static final String USER = "plantwatch";
  private static final String PASSWORD = "s3cret, with spaces & symbols";

  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final InfluxdServer influxd = new InfluxdServer(USER, PASSWORD);

  @TempDir Path dir;

  @Test
  void exactWindowsAndHostileNamesReachInfluxd1ThroughTheV1Api() throws Exception {
    List<ReferenceWindows.In> readings = readings();
    run("v1", "v1", PASSWORD, readings);
    assertThat(SinkServers.influxdWindows(influxd, "v1", "machine_window_stats"))
        .containsExactlyInAnyOrderEntriesOf(reference(readings));
  }

  @Test
  void autoAsksPingAndTakesV1FromInfluxd16() throws Exception {
    List<ReferenceWindows.In> readings = readings().subList(0, 30);
    run("auto", "auto", PASSWORD, readings);
    assertThat(SinkServers.influxdWindows(influxd, "auto", "machine_window_stats"))
        // This comparison once failed on CI only, 8 of 24 windows missing: the requests influxd
        // saw, with their answers, say whether a write went missing or was answered and dropped.
        .as(() -> "influxd's access log:\n" + influxd.accessLog())
        .containsExactlyInAnyOrderEntriesOf(reference(readings));
  }

  @Test
  void aWrongPasswordFailsTheQueryAtOnceWithInfluxdsAnswer() throws Exception {
    assertThatThrownBy(() -> run("denied", "v1", "wrong", readings().subList(0, 5)))
        .hasStackTraceContaining(SinkWriteException.class.getSimpleName())
        .hasStackTraceContaining("answered HTTP 401")
        // Fatal: refused at the first attempt, not after the retry budget.
        .hasStackTraceContaining("refused");
    assertThat(
            influxd
                .query("denied", "SELECT count(\"avg\") FROM \"machine_window_stats\"")
                .path("results")
                .path(0)
                .has("series"))
        .isFalse();
  }

  private void run(String name, String api, String password, List<ReferenceWindows.In> readings)
      throws Exception {
    kafka.createTopic(name + ".readings", 2);
    kafka.createTopic(name + ".rejected", 1);
    influxd.createDatabase(name);
    Path passwordFile = dir.resolve(name + ".password");
    Files.writeString(passwordFile, password + "\n");
    Map<String, String> c = new LinkedHashMap<>();
    c.put(JobConfig.KAFKA_BOOTSTRAP.name(), kafka.bootstrapServers());
    c.put(JobConfig.KAFKA_TOPIC.name(), name + ".readings");
    c.put(JobConfig.REJECTED_TOPIC.name(), name + ".rejected");
    c.put(JobConfig.CHECKPOINT.name(), dir.resolve(name + "-checkpoint").toString());
    c.put(JobConfig.TRIGGER.name(), "500ms");
    c.put(JobConfig.WATERMARK.name(), "10m");
    c.put(JobConfig.INFLUX_URL.name(), influxd.baseUrl());
    c.put(JobConfig.INFLUX_API.name(), api);
    c.put(JobConfig.INFLUX_DATABASE.name(), name);
    c.put(JobConfig.INFLUX_USERNAME.name(), USER);
    c.put(JobConfig.INFLUX_PASSWORD_FILE.name(), passwordFile.toString());
    c.put(JobConfig.INFLUX_RETRY_INITIAL_BACKOFF.name(), "200ms");
    c.put(JobConfig.INFLUX_RETRY_MAX_BACKOFF.name(), "2s");
    try (RunningJob job = AnalyticsJob.start(LocalSpark.session(), JobConfig.from(c))) {
      Readings.sendPlain(kafka, name + ".readings", readings);
      job.processAllAvailable();
    }
  }

  /** Hostile names, several readings per window, and repeats of the same id. */
  private static List<ReferenceWindows.In> readings() {
    String site = "Werk Süd, Halle=3";
    List<String[]> names =
        List.of(
            new String[] {"line 1", "press 7, hall=north", "temp=°C"},
            new String[] {"Linie \"A\"", "Presse \"Große\" \\1", "vib mm/s"},
            new String[] {"ライン", "炉-1 ✓ 🚀", "température"});
    SplittableRandom random = new SplittableRandom(17);
    List<ReferenceWindows.In> out = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      String[] n = names.get(i % names.size());
      out.add(
          new ReferenceWindows.In(
              "v1-" + i,
              site,
              n[0],
              n[1],
              n[2],
              // Eighths, as in the golden test: their sums are exact in any order, so the job's
              // averages can be compared with the reference bit for bit.
              10 + random.nextInt(640) / 8.0,
              Scenario.T0 + i * 7 * Scenario.SECOND));
      if (i % 10 == 0) {
        out.add(out.get(out.size() - 1)); // a repeat: counted once
      }
    }
    return out;
  }

  private static Map<ReferenceWindows.Key, ReferenceWindows.Stats> reference(
      List<ReferenceWindows.In> readings) {
    return new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m")
        .phase(readings)
        .windows();
  }
}
