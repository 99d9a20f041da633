package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  private static BenchReport.Load load(long offered, double delivered, long lost, double p50) {
    return new BenchReport.Load(
        offered,
        offered,
        offered * 30,
        offered * 30 - lost,
        delivered,
        lost,
        0,
        p50,
        p50 * 2,
        p50 * 3,
        p50 * 4,
        100,
        2000,
        1500,
        2500,
        2000,
        List.of(
            new BenchReport.Process("jvm", 1.25, 2048),
            new BenchReport.Process("mosquitto-site", 0.1, 8)),
        0.5,
        true,
        new java.util.LinkedHashMap<>(Map.of("spark", 0.5)),
        4,
        3,
        new Percentiles.Summary(3, 6000, 7000, 7900, 8000),
        List.of());
  }

  private static BenchReport report() {
    Map<String, BenchReport.Ceiling> c = new LinkedHashMap<>();
    c.put("mqtt", new BenchReport.Ceiling("mqtt", 40_000, "Mosquitto \"alone\""));
    c.put("kafka", new BenchReport.Ceiling("kafka", 150_000, "broker"));
    c.put("spark", new BenchReport.Ceiling("spark", 20_000, "job"));
    return new BenchReport(
        "2 cores",
        Map.of("trigger", "2s"),
        c,
        List.of(load(2000, 2000, 0, 1000), load(5000, 4900, 0, 2000), load(10000, 6000, 12, 9000)));
  }

  @Test
  void jsonHasCeilingsAndOneEntryPerLoadWithTheAgreedFields() throws Exception {
    JsonNode j = new ObjectMapper().readTree(ReportWriter.json(report()));
    assertThat(j.get("ceilings").get("mqtt").asDouble()).isEqualTo(40_000);
    assertThat(j.get("ceilings").get("spark").asDouble()).isEqualTo(20_000);
    assertThat(j.get("ceilings_how").get("mqtt").asText()).isEqualTo("Mosquitto \"alone\"");
    assertThat(j.get("lowest_ceiling").asText()).isEqualTo("spark");
    assertThat(j.get("loads")).hasSize(3);
    JsonNode second = j.get("loads").get(1);
    for (String f :
        List.of(
            "offered",
            "delivered_per_s",
            "lost",
            "duplicates_in_windows",
            "p50_ms",
            "p95_ms",
            "p99_ms",
            "rss_mb")) {
      assertThat(second.has(f)).as(f).isTrue();
    }
    assertThat(second.get("offered").asLong()).isEqualTo(5000);
    assertThat(second.get("delivered_per_s").asDouble()).isEqualTo(4900);
    assertThat(second.get("p95_ms").asDouble()).isEqualTo(4000);
    assertThat(second.get("rss_mb").asDouble()).isEqualTo(2056);
    assertThat(second.get("processes").get(0).get("cpu_cores").asDouble()).isEqualTo(1.25);
    assertThat(second.get("jvm_cpu_cores_by_stage").get("spark").asDouble()).isEqualTo(0.5);
    assertThat(second.get("faults").asInt()).isEqualTo(4);
    assertThat(second.get("fault_mails").asInt()).isEqualTo(3);
    assertThat(second.get("fault_to_mail_p50_ms").asDouble()).isEqualTo(6000);
    assertThat(second.get("fault_to_mail_p99_ms").asDouble()).isEqualTo(7900);
    assertThat(second.get("fault_to_mail_max_ms").asDouble()).isEqualTo(8000);
    // The loss at 10,000 r/s disqualifies it: saturation is the 5,000 load's 4,900.
    assertThat(j.get("saturation_per_s").asDouble()).isEqualTo(4900);
    assertThat(j.get("ratio_to_lowest_ceiling").asDouble()).isEqualTo(0.245);
    assertThat(j.get("loads").get(2).get("kept_up").asBoolean()).isFalse();
  }

  @Test
  void nanBecomesNullInJsonAndADashInMarkdown() throws Exception {
    BenchReport r =
        new BenchReport("m", Map.of(), Map.of(), List.of(load(1000, 0, 30000, Double.NaN)));
    JsonNode j = new ObjectMapper().readTree(ReportWriter.json(r));
    assertThat(j.get("loads").get(0).get("p50_ms").isNull()).isTrue();
    assertThat(j.get("ratio_to_lowest_ceiling").isNull()).isTrue();
    assertThat(ReportWriter.markdown(r))
        .contains("| 1,000 | 1,000 | 0 | 30,000 | 0 | - | - | - | - | no |");
  }

  @Test
  void markdownHasTheLoadsTheBacklogTheCeilingsAndTheRatio() {
    String md = ReportWriter.markdown(report());
    assertThat(md)
        .contains(
            "| 5,000 | 5,000 | 4,900 | 0 | 0 | 2,000 | 4,000 | 6,000 | 8,000 | yes | 3 / 4 |"
                + " 6,000 / 7,900 / 8,000 |")
        .contains(
            "| 5,000 | 100 | 2,000 | 1,500 / 2,500 (2000) | 1.25 / 2048 | 0.10 / 8 | 2056 | 0.50 |")
        .contains("| spark | 20,000 | job |")
        .contains("lowest ceiling: spark at 20,000 readings/s; ratio 0.25")
        .contains("| trigger | 2s |")
        .contains("| 5,000 | 0.50 (9,800) |");
  }

  private static SoakMinute minute(int n, double rssJvm, double batchMs) {
    return new SoakMinute(
        n,
        10_000,
        9_990,
        batchMs,
        batchMs + 500,
        40_000 + n,
        12.5,
        300,
        20,
        700,
        List.of(rssJvm, 8.0));
  }

  @Test
  void aSoakHasOneRowPerMinuteAndTheGrowthOfItsLastTenMinutes() throws Exception {
    List<SoakMinute> minutes = new java.util.ArrayList<>();
    for (int n = 1; n <= 30; n++) {
      // 1,000 MB up to minute 20, then 1,100 MB: the last ten minutes are 10 % above the ten before
      minutes.add(minute(n, n <= 20 ? 992 : 1092, 2000));
    }
    BenchReport.Load base = load(10_000, 9_990, 0, 3000);
    BenchReport.Load soak =
        new BenchReport.Load(
            base.offered(),
            base.publishedPerS(),
            base.published(),
            base.delivered(),
            base.deliveredPerS(),
            base.lost(),
            base.duplicatesInWindows(),
            base.p50Ms(),
            base.p95Ms(),
            base.p99Ms(),
            base.maxMs(),
            base.gatewayQueueMax(),
            base.kafkaLagMax(),
            base.sparkBatchMsAvg(),
            base.sparkBatchMsMax(),
            base.triggerMs(),
            base.processes(),
            base.otherCpuCores(),
            base.drained(),
            base.jvmStageCores(),
            base.faults(),
            base.faultMails(),
            base.faultToMail(),
            minutes);
    BenchReport r = new BenchReport("m", Map.of(), Map.of(), List.of(soak));

    assertThat(SoakMinute.growth(minutes, SoakMinute::rssTotalMb)).isCloseTo(0.1, within(1e-9));
    assertThat(SoakMinute.growth(minutes, SoakMinute::batchMsAvg)).isZero();
    assertThat(ReportWriter.markdown(r))
        .contains("## Per minute at 10,000 readings/s offered")
        .contains(
            "| 21 | 10,000 | 9,990 | 2,000 / 2,500 | 40,021 | 13 | 300 | 20 | 700 | 1092 | 8 | 1100 |")
        .contains(
            "The last 10 minutes against the 10 before: total RSS +10.0 %, batch time +0.0 %");
    JsonNode j = new ObjectMapper().readTree(ReportWriter.json(r)).get("loads").get(0);
    assertThat(j.get("minutes")).hasSize(30);
    assertThat(j.get("minutes").get(29).get("rss_mb").get(0).asDouble()).isEqualTo(1092);
    assertThat(j.get("minutes").get(0).get("state_rows").asLong()).isEqualTo(40_001);
  }

  @Test
  void growthNeedsFourMinutesAndComparesHalvesOfAShortRun() {
    List<SoakMinute> six = new java.util.ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      six.add(minute(n, n <= 3 ? 1000 : 1500, 2000));
    }
    assertThat(SoakMinute.growthSpan(six)).isEqualTo(3);
    assertThat(SoakMinute.growth(six, x -> x.rssMb().get(0))).isCloseTo(0.5, within(1e-9));
    assertThat(SoakMinute.growth(six.subList(0, 3), SoakMinute::rssTotalMb)).isNaN();
  }
}
