package io.plantwatch.analytics.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineProtocolTest {
  private static String point(String machine) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("machine", machine);
    tags.put("window", "5m/1m");
    return LineProtocol.point(
        "machine_window_stats", tags, Map.of("count", 3L), 1_700_000_000_000L);
  }

  @Test
  void aWindowPointHasTagsFieldsAndTheTimeInMilliseconds() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("line", "L1");
    tags.put("machine", "press-7");
    tags.put("metric", "temperature");
    tags.put("site", "hamburg");
    tags.put("window", "5m/1m");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("avg", 71.125);
    fields.put("max", 80.0);
    fields.put("min", -3.5);
    fields.put("count", 42L);
    assertThat(LineProtocol.point("machine_window_stats", tags, fields, 1_717_401_600_000L))
        .isEqualTo(
            "machine_window_stats,line=L1,machine=press-7,metric=temperature,site=hamburg,"
                + "window=5m/1m avg=71.125,max=80.0,min=-3.5,count=42i 1717401600000");
  }

  @Test
  void theWindowSinksPointIsWhatPointWritesForTheSameTagsAndFields() {
    String[][] names = {
      {"hamburg", "L1", "press-7", "temperature", "5m/1m"},
      {"Werk \"Süd\", Halle=3", "L 1", "C:\\plant\\press", "temp, °C", "1m/10s"},
      {"炉", "a\\\\b", "press 7, hall=north", "🚀", "1h/5m"},
    };
    for (String[] n : names) {
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("line", n[1]);
      tags.put("machine", n[2]);
      tags.put("metric", n[3]);
      tags.put("site", n[0]);
      tags.put("window", n[4]);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("avg", 0.1 + 0.2);
      fields.put("max", 1e300);
      fields.put("min", -4.9e-324);
      fields.put("count", 7L);
      assertThat(
              WindowPoints.lineProtocol(
                  "machine window,stats",
                  n[0],
                  n[1],
                  n[2],
                  n[3],
                  n[4],
                  0.1 + 0.2,
                  1e300,
                  -4.9e-324,
                  7L,
                  1_717_401_600_000L))
          .isEqualTo(LineProtocol.point("machine window,stats", tags, fields, 1_717_401_600_000L));
    }
    assertThatThrownBy(
            () ->
                WindowPoints.lineProtocol("m", "s", "l", "tank\\", "t", "1m/10s", 1, 1, 1, 1L, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag 'machine'");
    assertThatThrownBy(
            () -> WindowPoints.lineProtocol("m", "s", "l\n2", "m", "t", "1m/10s", 1, 1, 1, 1L, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
    assertThatThrownBy(
            () ->
                WindowPoints.lineProtocol(
                    "m", "s", "l", "m", "t", "1m/10s", Double.NaN, 1, 1, 1L, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'avg'");
  }

  @Test
  void spacesCommasAndEqualsInTagValuesAreEscaped() {
    assertThat(point("press 7, hall=north"))
        .startsWith("machine_window_stats,machine=press\\ 7\\,\\ hall\\=north,window=5m/1m ");
  }

  @Test
  void quotesAndUnicodePassUnchanged() {
    assertThat(point("Presse \"Große\" 炉-1 🚀"))
        .startsWith("machine_window_stats,machine=Presse\\ \"Große\"\\ 炉-1\\ 🚀,window");
  }

  @Test
  void backslashesAreKeptAsTheyAreBecauseInfluxDbKeepsThem() {
    assertThat(point("C:\\plant\\press"))
        .startsWith("machine_window_stats,machine=C:\\plant\\press,");
    assertThat(point("a\\\\b")).startsWith("machine_window_stats,machine=a\\\\b,");
  }

  @Test
  void aBackslashLineProtocolWouldReadAsAnEscapeIsRefused() {
    assertThatThrownBy(() -> point("tank\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tag 'machine' has a backslash at its end or before a comma, = or space: line"
                + " protocol cannot carry it");
    assertThatThrownBy(() -> point("a\\ b")).hasMessageContaining("has a backslash");
    assertThatThrownBy(() -> point("a\\,b")).hasMessageContaining("has a backslash");
    assertThatThrownBy(() -> point("a\\=b")).hasMessageContaining("has a backslash");
  }

  @Test
  void lineBreaksAndEmptyNamesAreRefused() {
    assertThatThrownBy(() -> point("press\n7"))
        .hasMessage("tag 'machine' contains a line break: line protocol cannot carry it");
    assertThatThrownBy(() -> point("press\r7")).hasMessageContaining("line break");
    assertThatThrownBy(() -> point(""))
        .hasMessage("tag 'machine' is empty: line protocol cannot carry it");
  }

  @Test
  void measurementNamesEscapeCommasAndSpacesButNotEquals() {
    assertThat(LineProtocol.point("window stats,v=2", Map.of(), Map.of("avg", 1.5), 5L))
        .isEqualTo("window\\ stats\\,v=2 avg=1.5 5");
  }

  @Test
  void tagKeysAndFieldKeysAreEscapedLikeTagValues() {
    assertThat(LineProtocol.point("m", Map.of("a b", "c=d"), Map.of("e,f", 2L), 7L))
        .isEqualTo("m,a\\ b=c\\=d e\\,f=2i 7");
  }

  @Test
  void doublesRoundTripExactlyIncludingTheExponentForm() {
    assertThat(LineProtocol.point("m", Map.of(), Map.of("v", 1.0e-5), 1L))
        .isEqualTo("m v=1.0E-5 1");
    assertThat(LineProtocol.point("m", Map.of(), Map.of("v", 0.1 + 0.2), 1L))
        .isEqualTo("m v=0.30000000000000004 1");
    assertThat(Double.parseDouble("0.30000000000000004")).isEqualTo(0.1 + 0.2);
  }

  @Test
  void everyFiniteDoubleReadsBackAsTheSameDouble() {
    java.util.Random random = new java.util.Random(7);
    double[] edges = {2e23, 1e23, 5e-324, Double.MIN_NORMAL, Double.MAX_VALUE, -0.0, 1e7, 1e-3};
    for (int i = 0; i < 50_000; i++) {
      double d = i < edges.length ? edges[i] : Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      String line = LineProtocol.point("m", Map.of(), Map.of("v", d), 1L);
      String text = line.substring("m v=".length(), line.length() - " 1".length());
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(d);
      // The notation InfluxDB and VictoriaMetrics read: Double.toString's, never a bare integer.
      assertThat(text).matches("-?[0-9]+\\.[0-9]+(E-?[0-9]+)?");
      // A window's point writes its figures straight into the line: the same text.
      String window = WindowPoints.lineProtocol("m", "s", "l", "x", "t", "1m/10s", d, d, d, 1L, 0L);
      assertThat(window).contains(" avg=" + text + ",max=" + text + ",min=" + text + ",count=1i ");
    }
  }

  @Test
  void nonFiniteNumbersAndMissingFieldsAreRefused() {
    assertThatThrownBy(() -> LineProtocol.point("m", Map.of(), Map.of("avg", Double.NaN), 1L))
        .hasMessage("field 'avg' is NaN: line protocol has no non-finite numbers");
    assertThatThrownBy(
            () -> LineProtocol.point("m", Map.of(), Map.of("max", Double.POSITIVE_INFINITY), 1L))
        .hasMessage("field 'max' is Infinity: line protocol has no non-finite numbers");
    assertThatThrownBy(() -> LineProtocol.point("m", Map.of(), Map.of(), 1L))
        .hasMessage("a point needs at least one field");
  }

  @Test
  void problemAgreesWithWhatPointRefuses() {
    assertThat(LineProtocol.problem("press 7, hall=north")).isNull();
    assertThat(LineProtocol.problem("C:\\x")).isNull();
    assertThat(LineProtocol.problem("x\\"))
        .isEqualTo("has a backslash at its end or before a comma, = or space");
    assertThat(LineProtocol.problem("a\nb")).isEqualTo("contains a line break");
    assertThat(LineProtocol.problem("")).isEqualTo("is empty");
  }

  @Test
  void stringAndBooleanFieldsAreQuotedAndEscaped() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", "vibration \"high\" at C:\\pump, 7=x");
    fields.put("acknowledged", false);
    org.assertj.core.api.Assertions.assertThat(
            LineProtocol.point("maintenance_alerts", Map.of("rule", "r"), fields, 5))
        .isEqualTo(
            "maintenance_alerts,rule=r message=\"vibration \\\"high\\\" at C:\\\\pump, 7=x\",acknowledged=false 5");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LineProtocol.point("m", Map.of(), Map.of("message", "a\nb"), 1))
        .hasMessageContaining("line break");
  }
}
