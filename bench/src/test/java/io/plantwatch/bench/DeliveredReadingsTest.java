package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveredReadingsTest {
  private final Map<String, WindowLog> logs = new HashMap<>();

  private WindowLog log(String machine, String metric, long end) {
    return logs.computeIfAbsent(machine + "|" + metric + "|" + end, k -> new WindowLog());
  }

  private DeliveredReadings.Windows windows() {
    return windows(logs);
  }

  private static DeliveredReadings.Windows windows(Map<String, WindowLog> logs) {
    return new DeliveredReadings.Windows() {
      @Override
      public WindowLog get(String machine, String metric, long end) {
        return logs.get(machine + "|" + metric + "|" + end);
      }

      @Override
      public void forget(String machine, String metric, long end) {
        logs.remove(machine + "|" + metric + "|" + end);
      }
    };
  }

  @Test
  void foldingAsWindowsTurnFinalGivesTheFiguresOfTheWholeRunAndHoldsOnlyRecentWindows() {
    // Three machines, two metrics, a reading a second for 20 minutes, windows 60 s / 10 s; the
    // sink's writes vary: late, in several steps, some readings missing, some counted twice.
    long length = 60_000;
    long slide = 10_000;
    List<String> metrics = List.of("a", "b");
    Map<String, long[]> ts = new java.util.LinkedHashMap<>();
    java.util.Random random = new java.util.Random(7);
    for (String m : List.of("m1", "m2", "m3")) {
      long[] stamps = new long[1200];
      for (int i = 0; i < stamps.length; i++) {
        stamps[i] = 1_000_000 + 1000L * i + (m.equals("m2") ? 500 : 0);
      }
      ts.put(m, stamps);
      for (String metric : metrics) {
        for (long end = 1_000_000 + slide; end <= 1_000_000 + 1_200_000 + length; end += slide) {
          long count = 0;
          for (long t : stamps) {
            count += t >= end - length && t < end ? 1 : 0;
          }
          if (count == 0) {
            continue;
          }
          count += random.nextInt(20) == 0 ? (random.nextBoolean() ? -1 : 1) : 0;
          long at = end - length + 2_000 + random.nextInt(5_000);
          for (long c = 1; c <= count; c += 1 + random.nextInt(15)) {
            log(m, metric, end).write(c, at);
            at += 1_000 + random.nextInt(3_000);
          }
          log(m, metric, end).write(count, at + 60_000);
        }
      }
    }
    DeliveredReadings.Result whole =
        DeliveredReadings.compute(length, slide, ts, metrics, windows());
    assertThat(whole.lost()).isPositive();
    assertThat(whole.duplicates()).isPositive();

    // The sink receives each window at its first write; the account forgets final ones.
    Map<String, WindowLog> sink = new HashMap<>();
    java.util.Set<String> received = new java.util.HashSet<>();
    long min = 1_000_000;
    long max = 1_000_000 + 1_199_000 + 500;
    DeliveryAccount account =
        new DeliveryAccount(
            length, slide, metrics, windows(sink), min + (max - min) / 10, max - (max - min) / 10);
    int[] added = new int[3];
    int most = 0;
    for (long now = 1_000_000; now <= 1_000_000 + 1_260_000; now += 7_000) {
      Map<String, long[]> more = new java.util.LinkedHashMap<>();
      int k = 0;
      for (Map.Entry<String, long[]> e : ts.entrySet()) {
        long[] stamps = e.getValue();
        int upTo = added[k];
        while (upTo < stamps.length && stamps[upTo] <= now) {
          upTo++;
        }
        more.put(e.getKey(), java.util.Arrays.copyOfRange(stamps, added[k], upTo));
        added[k++] = upTo;
      }
      for (Map.Entry<String, WindowLog> w : logs.entrySet()) {
        if (w.getValue().firstTimeWithAtLeast(1) <= now && received.add(w.getKey())) {
          sink.put(w.getKey(), w.getValue());
        }
      }
      account.add(more);
      account.fold(now - 190_000);
      most = Math.max(most, sink.size());
    }
    DeliveredReadings.Result folded = account.result();
    assertThat(folded).usingRecursiveComparison().isEqualTo(whole);
    // Held per machine and metric: from the windows of the oldest reading still pending (a window
    // length before the fold's 190 s) to the newest received (a window length after now), about
    // 32 windows of 10 s, not the 126 of the whole run.
    assertThat(most).isLessThanOrEqualTo(3 * 2 * 35);
    assertThat(logs.size()).isGreaterThan(3 * 2 * 120);
  }

  @Test
  void tumblingWindowsLatencyIsFromPublishToTheWriteThatCountsTheReading() {
    // Tumbling 10 s windows; readings at 1 s, 2 s, 3 s (publish = event time).
    Map<String, long[]> ts = Map.of("m1", new long[] {1000, 2000, 3000});
    log("m1", "t", 10_000).write(2, 2500); // first two in one write
    log("m1", "t", 10_000).write(3, 3700);
    log("m1", "t", 10_000).write(3, 9000); // rewritten unchanged: ignored
    DeliveredReadings.Result r =
        DeliveredReadings.compute(10_000, 10_000, ts, List.of("t"), windows());
    assertThat(r.published()).isEqualTo(3);
    assertThat(r.delivered()).isEqualTo(3);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isZero();
    assertThat(r.latencyMs().count()).isEqualTo(3);
    assertThat(r.latencyMs().p50()).isEqualTo(700);
    assertThat(r.latencyMs().max()).isEqualTo(1500);
    assertThat(r.firstDeliveryMs()).isEqualTo(2500);
    assertThat(r.lastDeliveryMs()).isEqualTo(3700);
    // The last reading's latency (700) minus the first's (1500): it kept up, no growth.
    assertThat(r.latencyGrowthMs()).isEqualTo(-800);
    assertThat(r.deliveredPerSecond(3000)).isEqualTo(1.0);
  }

  @Test
  void slidingWindowsTakeTheEarliestWindowHoldingTheReadingAndTileForLoss() {
    // Windows 20 s / 10 s: a reading at 15 s is in [0,20) and [10,30).
    Map<String, long[]> ts = Map.of("m1", new long[] {15_000});
    log("m1", "t", 20_000).write(1, 19_000);
    log("m1", "t", 30_000).write(1, 16_000);
    DeliveredReadings.Result r =
        DeliveredReadings.compute(20_000, 10_000, ts, List.of("t"), windows());
    assertThat(r.latencyMs().count()).isEqualTo(1);
    assertThat(r.latencyMs().max()).isEqualTo(1000);
    assertThat(r.lost()).isZero();
  }

  @Test
  void missingAndDoubledReadingsAreCountedOnTheTilingWindows() {
    Map<String, long[]> ts = Map.of("m1", new long[] {1000, 2000, 11_000}, "m2", new long[] {500});
    log("m1", "a", 10_000).write(1, 5000); // one of two: one lost
    log("m1", "a", 20_000).write(1, 12_000);
    log("m1", "b", 10_000).write(2, 5000);
    log("m1", "b", 20_000).write(2, 12_000); // one reading counted twice
    log("m2", "a", 10_000).write(1, 900);
    // m2/b never written: lost
    DeliveredReadings.Result r =
        DeliveredReadings.compute(10_000, 10_000, ts, List.of("a", "b"), windows());
    assertThat(r.published()).isEqualTo(8);
    assertThat(r.lost()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.delivered()).isEqualTo(6);
    assertThat(r.latencyMs().count()).isEqualTo(6);
  }

  @Test
  void windowLogFindsTheFirstWriteWithEnoughReadings() {
    WindowLog l = new WindowLog();
    assertThat(l.firstTimeWithAtLeast(1)).isEqualTo(-1);
    l.write(3, 100);
    l.write(5, 200);
    l.write(4, 300);
    assertThat(l.firstTimeWithAtLeast(1)).isEqualTo(100);
    assertThat(l.firstTimeWithAtLeast(4)).isEqualTo(200);
    assertThat(l.firstTimeWithAtLeast(6)).isEqualTo(-1);
    assertThat(l.maxCount()).isEqualTo(5);
  }

  @Test
  void sinkKeepsOnlyTheMeasuredSitesWindows() throws Exception {
    try (WindowSink sink = WindowSink.start("bench")) {
      sink.accept(
          "machine_window_stats,line=line1,machine=m1,metric=t,site=bench,window=10s"
              + " avg=1.5,max=2,min=1,count=2i 10000\n"
              + "machine_window_stats,line=line1,machine=m1,metric=t,site=warmup,window=10s"
              + " avg=1.5,max=2,min=1,count=7i 10000\n",
          4242);
      assertThat(sink.points()).isEqualTo(2);
      assertThat(sink.windows().get("m1", "t", 10_000).firstTimeWithAtLeast(2)).isEqualTo(4242);
      assertThat(sink.windows().get("m1", "t", 20_000)).isNull();
    }
  }

  @Test
  void aCountingSinkCountsThePointsOfEveryRequestAndKeepsNoWindow() throws Exception {
    try (WindowSink sink = WindowSink.counting()) {
      String point =
          "machine_window_stats,line=line1,machine=m1,metric=t,site=ceiling,window=10s"
              + " avg=1.5,max=2,min=1,count=2i 10000";
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      for (String body : List.of(point + "\n" + point + "\n", "\n \n" + point, point)) {
        java.net.http.HttpResponse<Void> answer =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(sink.url() + "/api/v2/write?org=o&bucket=b"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(204);
      }
      assertThat(sink.points()).isEqualTo(4);
      assertThat(sink.requests()).isEqualTo(3);
      assertThat(sink.windowsHeld()).isZero();
      assertThat(sink.windows().get("m1", "t", 10_000)).isNull();
    }
  }

  @Test
  void aGrowingBacklogLowersTheDeliveredRate() {
    // One reading a second for 10 s; the sink receives them at 2 per second of wall time.
    long[] ts = new long[10];
    for (int i = 0; i < 10; i++) {
      ts[i] = 1000L * (i + 1);
    }
    for (int i = 0; i < 10; i++) {
      log("m1", "t", 100_000).write(i + 1, 1500 + 2000L * i);
    }
    DeliveredReadings.Result r =
        DeliveredReadings.compute(100_000, 100_000, Map.of("m1", ts), List.of("t"), windows());
    // First latency 500 ms, last 500 + 9 × 1000 = 9,500 ms.
    assertThat(r.latencyGrowthMs()).isEqualTo(9000);
    assertThat(r.deliveredPerSecond(10_000)).isEqualTo(10 * 1000.0 / 19_000);
  }
}
