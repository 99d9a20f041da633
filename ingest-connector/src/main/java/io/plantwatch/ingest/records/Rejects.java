package io.plantwatch.ingest.records;

import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.ingest.mqtt.TopicFilters;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.RejectedRecord;
import io.plantwatch.telemetry.Rejection;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Makes the records of the rejected topic: a payload that cannot be used (an undecodable envelope
 * or status), its raw bytes cut to the configured cap, or a gateway's quarantine record; the reason
 * in headers either way. Acknowledged to MQTT once Kafka has it, like any other record.
 */
final class Rejects {
  private final String topic;
  private final int maxBytes;
  private final RecordCounters counters;

  Rejects(String topic, int maxBytes, RecordCounters counters) {
    this.topic = topic;
    this.maxBytes = maxBytes;
    this.counters = counters;
  }

  SourceRecord of(Arrival arrival, Rejection rejection) {
    counters.rejected(rejection.reason());
    byte[] payload = arrival.payload();
    byte[] kept = payload.length <= maxBytes ? payload : Arrays.copyOf(payload, maxBytes);
    return record(
        arrival,
        arrival.topic(),
        kept,
        rejection.reason().wireName(),
        rejection.detail(),
        payload.length,
        arrival.receivedAt(),
        TopicFilters.gatewayOf(arrival.topic()));
  }

  /**
   * The record of a gateway's quarantine record: its JSON unchanged, keyed by the device topic,
   * with the gateway's reason, detail and arrival time in the same headers as the connector's own
   * rejects, so one consumer reads both. Anything else on a quarantine topic is rejected itself
   * ({@code malformed_json}), never dropped.
   */
  SourceRecord ofQuarantineRecord(Arrival arrival) {
    Optional<RejectedRecord> parsed = RejectedRecord.fromJson(arrival.payload());
    if (parsed.isEmpty()) {
      return of(
          arrival,
          new Rejection(
              ReasonCode.MALFORMED_JSON,
              "a message on a quarantine topic that is not a version 1 quarantine record"));
    }
    RejectedRecord r = parsed.get();
    counters.quarantineForwarded();
    return record(
        arrival,
        r.topic(),
        arrival.payload(),
        r.reason().wireName(),
        r.detail(),
        r.originalSize(),
        r.receivedAt(),
        r.gateway().isEmpty() ? TopicFilters.gatewayOf(arrival.topic()) : r.gateway());
  }

  private SourceRecord record(
      Arrival arrival,
      String key,
      byte[] value,
      String reason,
      String detail,
      int originalSize,
      long receivedAt,
      String gateway) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(RecordHeaders.REASON, reason);
    headers.addString(RecordHeaders.REASON_DETAIL, detail);
    headers.addString(RecordHeaders.MQTT_TOPIC, arrival.topic());
    headers.addBoolean(RecordHeaders.MQTT_DUPLICATE, arrival.duplicate());
    headers.addInt(RecordHeaders.PAYLOAD_SIZE, originalSize);
    headers.addBoolean(RecordHeaders.PAYLOAD_TRUNCATED, value.length < originalSize);
    headers.addLong(RecordHeaders.RECEIVED_AT, receivedAt);
    if (gateway != null) {
      headers.addString(RecordHeaders.GATEWAY, gateway);
    }
    return new TrackedRecord(
        topic,
        Schema.STRING_SCHEMA,
        key,
        Schema.BYTES_SCHEMA,
        value,
        receivedAt,
        headers,
        new AckOnCommit(arrival, 1, counters));
  }
}
