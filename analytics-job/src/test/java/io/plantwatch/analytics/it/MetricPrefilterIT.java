package io.plantwatch.analytics.it;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.source.ReadingParser;
import io.plantwatch.telemetry.ReadingFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The alert queries parse only the Kafka records that mention a metric their rules read: the
 * pre-filter must let through every reading of those metrics however its JSON spells the name.
 */
class MetricPrefilterIT {
  private static String reading(String id, String machine, String metricJson) {
    return "{\"id\":\""
        + id
        + "\",\"site\":\"s\",\"line\":\"l\",\"machine\":\""
        + machine
        + "\",\"metric\":"
        + metricJson
        + ",\"value\":1.5,\"ts\":1717372800000}";
  }

  @Test
  void everyReadingOfTheWatchedMetricsPassesAndMostOthersDoNot() {
    List<String> values =
        List.of(
            reading("plain", "m1", "\"temperature\""),
            reading("other-metric", "m1", "\"vibration\""),
            // JSON escapes spell the name without mentioning it
            reading("escaped", "m1", "\"temp\\u0065rature\""),
            "{\"schema\":{\"type\":\"struct\"},\"payload\":"
                + reading("envelope", "m1", "\"temperature\"")
                + "}",
            // mentions the name, but not as its metric: passes, and the metric filter drops it
            reading("named-machine", "temperature-rig", "\"pressure\""),
            reading("spaced", "m1", " \"temperature\" "),
            reading("speed", "m2", "\"speed\""),
            "{not json");
    Dataset<Row> records =
        KafkaRecords.of(values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList());
    List<String> watched = List.of("temperature");

    Set<String> all = ids(ReadingParser.valid(records, ReadingFormat.JSON), watched);
    Set<String> prefiltered =
        ids(
            ReadingParser.valid(ReadingParser.mentioning(records, watched), ReadingFormat.JSON),
            watched);

    assertThat(all).containsExactlyInAnyOrder("plain", "escaped", "envelope", "spaced");
    assertThat(prefiltered).isEqualTo(all);
    assertThat(ReadingParser.mentioning(records, watched).count())
        .as("plain, escaped, envelope, named-machine, spaced")
        .isEqualTo(5);
  }

  private static Set<String> ids(Dataset<Row> valid, List<String> metrics) {
    Set<String> out = new TreeSet<>();
    for (Row r : valid.filter(col("metric").isin(metrics.toArray())).select("id").collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }
}
