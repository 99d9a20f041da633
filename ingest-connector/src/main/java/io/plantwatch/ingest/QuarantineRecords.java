package io.plantwatch.ingest;

import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.RejectedRecord;
import io.plantwatch.telemetry.Rejection;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Carries a gateway's quarantine record (contract 3) into the rejected topic: the record's JSON as
 * the value, unchanged, keyed by the device topic, with its reason, detail, gateway and arrival
 * time in the same headers as the connector's own rejects, so one consumer reads both. A message on
 * a quarantine topic that is not a quarantine record is itself rejected (malformed_json), never
 * dropped.
 */
final class QuarantineRecords {
  private final String topic;
  private final Rejects rejects;
  private final IngestMetrics metrics;

  QuarantineRecords(String topic, Rejects rejects, IngestMetrics metrics) {
    this.topic = topic;
    this.rejects = rejects;
    this.metrics = metrics;
  }

  SourceRecord from(Arrival arrival) {
    Optional<RejectedRecord> parsed = RejectedRecord.fromJson(arrival.payload());
    if (parsed.isEmpty()) {
      return rejects.of(
          arrival,
          new Rejection(
              ReasonCode.MALFORMED_JSON,
              "a message on a quarantine topic that is not a version 1 quarantine record"));
    }
    RejectedRecord r = parsed.get();
    metrics.quarantineForwarded();
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(RecordHeaders.REASON, r.reason().wireName());
    headers.addString(RecordHeaders.REASON_DETAIL, r.detail());
    headers.addString(RecordHeaders.MQTT_TOPIC, arrival.topic());
    headers.addBoolean(RecordHeaders.MQTT_DUPLICATE, arrival.duplicate());
    headers.addInt(RecordHeaders.PAYLOAD_SIZE, r.originalSize());
    headers.addBoolean(RecordHeaders.PAYLOAD_TRUNCATED, r.payload().length < r.originalSize());
    headers.addLong(RecordHeaders.RECEIVED_AT, r.receivedAt());
    String gateway = r.gateway().isEmpty() ? TopicFilters.gatewayOf(arrival.topic()) : r.gateway();
    if (gateway != null) {
      headers.addString(RecordHeaders.GATEWAY, gateway);
    }
    return new TrackedRecord(
        topic,
        Schema.STRING_SCHEMA,
        r.topic(),
        Schema.BYTES_SCHEMA,
        arrival.payload(),
        r.receivedAt(),
        headers,
        new Delivery(arrival, 1, metrics));
  }
}
