package io.plantwatch.ingest.records;

import io.plantwatch.telemetry.BatchCodec.Fields;
import io.plantwatch.telemetry.Reading;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect schema of a reading in {@code telemetry.readings}. Field names are the wire names of
 * {@link io.plantwatch.telemetry.BatchCodec}, so with JsonConverter and {@code
 * schemas.enable=false} a record's value is exactly the reading's JSON from the envelope. {@code
 * ts} and {@code receivedAt} use the Timestamp logical type: JsonConverter writes them as epoch
 * milliseconds, Avro as {@code timestamp-millis}.
 */
public final class ReadingSchema {
  public static final String NAME = "io.plantwatch.Reading";
  public static final int VERSION = 1;

  public static final Schema SCHEMA =
      SchemaBuilder.struct()
          .name(NAME)
          .version(VERSION)
          .doc("One canonical sensor reading from a plantwatch edge gateway.")
          .field(Fields.ID, Schema.STRING_SCHEMA)
          .field(Fields.SITE, Schema.STRING_SCHEMA)
          .field(Fields.LINE, Schema.STRING_SCHEMA)
          .field(Fields.MACHINE, Schema.STRING_SCHEMA)
          .field(Fields.METRIC, Schema.STRING_SCHEMA)
          .field(Fields.UNIT, Schema.STRING_SCHEMA)
          .field(Fields.VALUE, Schema.FLOAT64_SCHEMA)
          .field(Fields.TS, Timestamp.SCHEMA)
          .field(Fields.GATEWAY, Schema.STRING_SCHEMA)
          .field(Fields.RECEIVED_AT, Timestamp.SCHEMA)
          .build();

  private ReadingSchema() {}

  public static Struct toStruct(Reading r) {
    return new Struct(SCHEMA)
        .put(Fields.ID, r.id())
        .put(Fields.SITE, r.site())
        .put(Fields.LINE, r.line())
        .put(Fields.MACHINE, r.machine())
        .put(Fields.METRIC, r.metric())
        .put(Fields.UNIT, r.unit())
        .put(Fields.VALUE, r.value())
        .put(Fields.TS, new Date(r.ts()))
        .put(Fields.GATEWAY, r.gateway())
        .put(Fields.RECEIVED_AT, new Date(r.receivedAt()));
  }

  public static Reading fromStruct(Struct s) {
    return new Reading(
        s.getString(Fields.ID),
        s.getString(Fields.SITE),
        s.getString(Fields.LINE),
        s.getString(Fields.MACHINE),
        s.getString(Fields.METRIC),
        s.getString(Fields.UNIT),
        s.getFloat64(Fields.VALUE),
        ((Date) s.get(Fields.TS)).getTime(),
        s.getString(Fields.GATEWAY),
        ((Date) s.get(Fields.RECEIVED_AT)).getTime());
  }
}
