package io.plantwatch.ingest.records;

import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.UplinkBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
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
  private final Set<String> headers;

  UplinkRecords(RecordSettings settings, RecordCounters counters) {
    this(
        new BatchCodec(settings.envelopeMaxBytes()),
        settings.readingsTopic(),
        settings.rejectedTopic(),
        settings.rejectedMaxPayloadBytes(),
        counters,
        settings.readingHeaders());
  }

  UplinkRecords(
      BatchCodec codec,
      String topic,
      String rejectedTopic,
      int rejectedMaxBytes,
      RecordCounters counters) {
    this(codec, topic, rejectedTopic, rejectedMaxBytes, counters, RecordHeaders.ON_READINGS);
  }

  UplinkRecords(
      BatchCodec codec,
      String topic,
      String rejectedTopic,
      int rejectedMaxBytes,
      RecordCounters counters,
      List<String> headers) {
    this.codec = codec;
    this.topic = topic;
    this.rejects = new Rejects(rejectedTopic, rejectedMaxBytes, counters);
    this.counters = counters;
    this.headers = Set.copyOf(headers);
  }

  List<SourceRecord> from(Arrival arrival) {
    Decoded<UplinkBatch> decoded = codec.decode(arrival.payload());
    if (decoded instanceof Decoded.Refused<UplinkBatch> refused) {
      return List.of(rejects.of(arrival, refused.rejection()));
    }
    UplinkBatch batch = decoded.value();
    List<Reading> readings = batch.readings();
    AckOnCommit ackOnCommit = new AckOnCommit(arrival, readings.size(), counters);
    List<Header> shared = headersOf(batch, arrival);
    List<SourceRecord> records = new ArrayList<>(readings.size());
    for (Reading r : readings) {
      // A record of its own: a transformation may add to one record's headers in place.
      ConnectHeaders headers = new ConnectHeaders(shared);
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

  /** The chosen headers, the same for every reading of the message. */
  private List<Header> headersOf(UplinkBatch batch, Arrival arrival) {
    ConnectHeaders all = new ConnectHeaders();
    if (headers.contains(RecordHeaders.GATEWAY)) {
      all.addString(RecordHeaders.GATEWAY, batch.gateway());
    }
    if (headers.contains(RecordHeaders.BATCH)) {
      all.addLong(RecordHeaders.BATCH, batch.batch());
    }
    if (headers.contains(RecordHeaders.ENVELOPE_VERSION)) {
      all.addInt(RecordHeaders.ENVELOPE_VERSION, batch.v());
    }
    if (headers.contains(RecordHeaders.MQTT_TOPIC)) {
      all.addString(RecordHeaders.MQTT_TOPIC, arrival.topic());
    }
    if (headers.contains(RecordHeaders.MQTT_DUPLICATE)) {
      all.addBoolean(RecordHeaders.MQTT_DUPLICATE, arrival.duplicate());
    }
    List<Header> list = new ArrayList<>(headers.size());
    all.forEach(list::add);
    return list;
  }
}
