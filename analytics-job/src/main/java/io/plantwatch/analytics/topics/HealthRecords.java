package io.plantwatch.analytics.topics;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;

/**
 * A scored row ({@code site, line, machine, windowEnd, rul_cycles, rul_low, rul_high}) as a record
 * of {@code telemetry.health}: key {@code ["site","line","machine"]}, value {@code
 * {"v":1,"site":…,"line":…,"machine":…,"model":…,"at":ms,"rul":…,"low":…,"high":…}}, the same
 * figures as the {@code machine_health} point.
 */
public final class HealthRecords implements RecordFormat<Row> {
  public static final int VERSION = 1;

  private final String model;

  public HealthRecords(String model) {
    this.model = model;
  }

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, Row row) {
    return new ProducerRecord<>(topic, key(row), value(row));
  }

  /** The record's key, as UTF-8 JSON. */
  public byte[] key(Row row) {
    return Json.array(row.getAs("site"), row.getAs("line"), row.getAs("machine"));
  }

  /** The record's value, as UTF-8 JSON. */
  public byte[] value(Row row) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("v", VERSION);
          g.writeStringField("site", row.getAs("site"));
          g.writeStringField("line", row.getAs("line"));
          g.writeStringField("machine", row.getAs("machine"));
          g.writeStringField("model", model);
          g.writeNumberField("at", row.<Long>getAs("windowEnd"));
          g.writeNumberField("rul", row.<Double>getAs("rul_cycles"));
          g.writeNumberField("low", row.<Double>getAs("rul_low"));
          g.writeNumberField("high", row.<Double>getAs("rul_high"));
          g.writeEndObject();
        });
  }
}
