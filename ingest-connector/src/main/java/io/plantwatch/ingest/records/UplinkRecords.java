package io.plantwatch.ingest.records;

import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.UplinkBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one MQTT message into Kafka records: one per reading of a valid envelope, or one record on
 * the rejected topic holding the raw payload and the reason. Decoding failures are data, never
 * exceptions: a bad payload must not stop the task.
 */
final class UplinkRecords {
  private final BatchCodec codec;
  private final String topic;
  private final Rejects rejects;
  private final RecordCounters counters;

  UplinkRecords(RecordSettings settings, RecordCounters counters) {
    this(
        new BatchCodec(settings.envelopeMaxBytes()),
        settings.readingsTopic(),
        settings.rejectedTopic(),
        settings.rejectedMaxPayloadBytes(),
        counters);
  }

  UplinkRecords(
      BatchCodec codec,
      String topic,
      String rejectedTopic,
      int rejectedMaxBytes,
      RecordCounters counters) {
    this.codec = codec;
    this.topic = topic;
    this.rejects = new Rejects(rejectedTopic, rejectedMaxBytes, counters);
    this.counters = counters;
  }

  List<SourceRecord> from(Arrival arrival) {
    Decoded<UplinkBatch> decoded = codec.decode(arrival.payload());
    if (decoded instanceof Decoded.Refused<UplinkBatch> refused) {
      return List.of(rejects.of(arrival, refused.rejection()));
    }
    UplinkBatch batch = decoded.value();
    List<Reading> readings = batch.readings();
    AckOnCommit ackOnCommit = new AckOnCommit(arrival, readings.size(), counters);
    List<SourceRecord> records = new ArrayList<>(readings.size());
    for (Reading r : readings) {
      ConnectHeaders headers = new ConnectHeaders();
      headers.addString(RecordHeaders.GATEWAY, batch.gateway());
      headers.addLong(RecordHeaders.BATCH, batch.batch());
      headers.addInt(RecordHeaders.ENVELOPE_VERSION, batch.v());
      headers.addString(RecordHeaders.MQTT_TOPIC, arrival.topic());
      headers.addBoolean(RecordHeaders.MQTT_DUPLICATE, arrival.duplicate());
      records.add(
          new TrackedRecord(
              topic,
              Schema.STRING_SCHEMA,
              r.machine(),
              ReadingSchema.SCHEMA,
              ReadingSchema.toStruct(r),
              r.ts(),
              headers,
              ackOnCommit));
    }
    counters.produced(records.size());
    return records;
  }
}
