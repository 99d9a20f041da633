package io.plantwatch.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.RunningJob;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Names from the field with line-protocol syntax in them reach InfluxDB exactly as sent. */
@ExtendWith(StateStoresReleased.class)
class HostileIdentifiersIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  @RegisterExtension static final SinkServers sink = new SinkServers();

  @TempDir Path checkpoint;

  @Test
  void identifiersWithSpacesCommasEqualsQuotesBackslashesAndUnicodeSurviveUnchanged()
      throws Exception {
    TestJobs.createTopics(kafka, sink, "hostile");
    String site = "Werk Süd, Halle=3";
    List<String[]> names =
        List.of(
            new String[] {"line 1", "press 7, hall=north", "temp=°C"},
            new String[] {"Linie \"A\"", "Presse \"Große\" \\1", "vib mm/s"},
            new String[] {"l,2", "C:\\plant\\press 7", "a\\b=c"},
            new String[] {"ライン", "炉-1 ✓ 🚀", "température"});
    List<ReferenceWindows.In> readings = new ArrayList<>();
    int i = 0;
    for (String[] n : names) {
      readings.add(
          new ReferenceWindows.In(
              "h-" + i, site, n[0], n[1], n[2], 10 + i, Scenario.T0 + i * 1000L));
      i++;
    }

    try (RunningJob job =
        AnalyticsJob.start(
            LocalSpark.session(),
            TestJobs.config(TestJobs.settings(kafka, sink, "hostile", checkpoint)))) {
      Readings.sendPlain(kafka, "hostile.readings", readings);
      job.processAllAvailable();
    }

    ReferenceWindows reference =
        new ReferenceWindows(Scenario.WATERMARK, 5 * Scenario.MINUTE, Scenario.MINUTE, "5m/1m")
            .phase(readings);
    // influxd (InfluxQL, what Grafana reads) and VictoriaMetrics (the v2 write path) both hold
    // every tag exactly as produced.
    assertThat(sink.influxdWindows("hostile", "machine_window_stats"))
        .isEqualTo(reference.windows());
    assertThat(sink.vmSamples(site, "avg").keySet()).isEqualTo(reference.windows().keySet());
  }
}
