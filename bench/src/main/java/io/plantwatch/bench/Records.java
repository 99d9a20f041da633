package io.plantwatch.bench;

import io.plantwatch.devices.load.LoadGenerator;
import io.plantwatch.ingest.records.ReadingAvroConverter;
import io.plantwatch.ingest.records.ReadingSchema;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReadingFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Kafka records as the connector writes them to {@code telemetry.readings}: key = machine id, value
 * = the reading as JsonConverter writes it without schemas.
 */
final class Records {
  private Records() {}

  static byte[] key(String machine) {
    return machine.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(long seq, String site, String machine, String metric, double v, long ts) {
    return ("{\"id\":\"gwbench-"
            + seq
            + "\",\"site\":\""
            + site
            + "\",\"line\":\"line1\",\"machine\":\""
            + machine
            + "\",\"metric\":\""
            + metric
            + "\",\"unit\":\"degC\",\"value\":"
            + v
            + ",\"ts\":"
            + ts
            + ",\"gateway\":\"gwbench\",\"receivedAt\":"
            + (ts + 3)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The same reading as {@link #value}, encoded as the connector writes it in {@code format}: the
   * text above for JSON, the connector's own converter for Avro.
   */
  static byte[] value(
      ReadingFormat format,
      ReadingAvroConverter avro,
      long seq,
      String site,
      String machine,
      String metric,
      double v,
      long ts) {
    if (format == ReadingFormat.JSON) {
      return value(seq, site, machine, metric, v, ts);
    }
    Reading r =
        new Reading(
            "gwbench-" + seq, site, "line1", machine, metric, "degC", v, ts, "gwbench", ts + 3);
    return avro.fromConnectData(null, ReadingSchema.SCHEMA, ReadingSchema.toStruct(r));
  }

  /**
   * The {@code n}-th reading of a fleet of {@code machines} × {@code metrics} reporting once a
   * second from {@code startMs}: machine, metric and event time.
   */
  static Object[] nth(long n, int machines, List<String> metrics, long startMs) {
    int metric = (int) (n % metrics.size());
    long m = n / metrics.size();
    int machine = (int) (m % machines);
    long tick = m / machines;
    return new Object[] {
      LoadGenerator.machineName(machine), metrics.get(metric), startMs + tick * 1000
    };
  }
}
