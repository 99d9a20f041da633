package io.plantwatch.ingest;

import io.plantwatch.telemetry.Rejection;
import java.util.Arrays;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Makes the record of a payload that cannot be used (an undecodable envelope or status): the raw
 * bytes, cut to the configured cap, on the rejected topic with the reason in headers. Acknowledged
 * to MQTT once Kafka has it, like any other record.
 */
final class Rejects {
  private final String topic;
  private final int maxBytes;
  private final IngestMetrics metrics;

  Rejects(String topic, int maxBytes, IngestMetrics metrics) {
    this.topic = topic;
    this.maxBytes = maxBytes;
    this.metrics = metrics;
  }

  SourceRecord of(Arrival arrival, Rejection rejection) {
    metrics.rejected(rejection.reason());
    byte[] payload = arrival.payload();
    byte[] kept = payload.length <= maxBytes ? payload : Arrays.copyOf(payload, maxBytes);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(RecordHeaders.REASON, rejection.reason().wireName());
    headers.addString(RecordHeaders.REASON_DETAIL, rejection.detail());
    headers.addString(RecordHeaders.MQTT_TOPIC, arrival.topic());
    headers.addBoolean(RecordHeaders.MQTT_DUPLICATE, arrival.duplicate());
    headers.addInt(RecordHeaders.PAYLOAD_SIZE, payload.length);
    headers.addBoolean(RecordHeaders.PAYLOAD_TRUNCATED, kept.length < payload.length);
    headers.addLong(RecordHeaders.RECEIVED_AT, arrival.receivedAt());
    String gateway = TopicFilters.gatewayOf(arrival.topic());
    if (gateway != null) {
      headers.addString(RecordHeaders.GATEWAY, gateway);
    }
    return new TrackedRecord(
        topic,
        Schema.STRING_SCHEMA,
        arrival.topic(),
        Schema.BYTES_SCHEMA,
        kept,
        arrival.receivedAt(),
        headers,
        new Delivery(arrival, 1, metrics));
  }
}
