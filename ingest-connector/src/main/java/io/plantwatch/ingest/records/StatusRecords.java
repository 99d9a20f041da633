package io.plantwatch.ingest.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.ingest.mqtt.TopicFilters;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.Identifiers;
import io.plantwatch.telemetry.ReasonCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a gateway's status message ({@code {"v":1,"gateway":…,"state":"online"|"offline",…}} on
 * {@code plantwatch/uplink/{gatewayId}/status}) into one record on the status topic, key = the
 * gateway id, value = the status as a schemaless map, so that JsonConverter (without schemas)
 * writes the status's own JSON object. A payload that is not a JSON object with string fields
 * {@code gateway} and {@code state} goes to the rejected topic instead.
 */
final class StatusRecords {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String topic;
  private final int maxBytes;
  private final Rejects rejects;
  private final RecordCounters counters;

  StatusRecords(RecordSettings settings, RecordCounters counters) {
    this(
        settings.statusTopic(),
        settings.envelopeMaxBytes(),
        settings.rejectedTopic(),
        settings.rejectedMaxPayloadBytes(),
        counters);
  }

  StatusRecords(
      String topic,
      int maxBytes,
      String rejectedTopic,
      int rejectedMaxBytes,
      RecordCounters counters) {
    this.topic = topic;
    this.maxBytes = maxBytes;
    this.rejects = new Rejects(rejectedTopic, rejectedMaxBytes, counters);
    this.counters = counters;
  }

  /** A gateway's status, checked. */
  record Status(String gateway, Map<String, Object> json) {}

  SourceRecord from(Arrival arrival) {
    Decoded<Status> decoded = decode(arrival.topic(), arrival.payload(), maxBytes);
    if (decoded instanceof Decoded.Refused<Status> refused) {
      return rejects.of(arrival, refused.rejection());
    }
    Status status = decoded.value();
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(RecordHeaders.GATEWAY, status.gateway());
    headers.addString(RecordHeaders.MQTT_TOPIC, arrival.topic());
    headers.addBoolean(RecordHeaders.MQTT_DUPLICATE, arrival.duplicate());
    counters.statusProduced();
    return new TrackedRecord(
        topic,
        Schema.STRING_SCHEMA,
        status.gateway(),
        null, // schemaless: JsonConverter writes the map as the status's JSON object
        status.json(),
        arrival.receivedAt(),
        headers,
        new AckOnCommit(arrival, 1, counters));
  }

  /**
   * Checks a status payload: a JSON object, at most {@code maxBytes}, with string fields {@code
   * gateway} (a valid identifier, equal to the topic's gateway id when the topic follows the
   * layout) and {@code state}. Other fields are kept as they are.
   */
  static Decoded<Status> decode(String mqttTopic, byte[] payload, int maxBytes) {
    if (payload == null || payload.length == 0) {
      return Decoded.refused(ReasonCode.EMPTY_PAYLOAD, "status payload is empty");
    }
    if (payload.length > maxBytes) {
      return Decoded.refused(
          ReasonCode.PAYLOAD_TOO_LARGE,
          "status payload is " + payload.length + " bytes, limit " + maxBytes);
    }
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      return Decoded.refused(ReasonCode.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      return Decoded.refused(ReasonCode.MALFORMED_JSON, firstLine(e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      return Decoded.refused(ReasonCode.EMPTY_PAYLOAD, "status payload holds no JSON value");
    }
    if (!node.isObject()) {
      return Decoded.refused(ReasonCode.WRONG_TYPE, "a status must be a JSON object");
    }
    for (String field : List.of("gateway", "state")) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Decoded.refused(ReasonCode.MISSING_FIELD, "field '" + field + "' is missing");
      }
      if (!v.isTextual()) {
        return Decoded.refused(ReasonCode.WRONG_TYPE, "field '" + field + "' must be a string");
      }
    }
    String gateway = node.get("gateway").textValue();
    String problem = Identifiers.problem("gateway", gateway);
    if (problem != null) {
      return Decoded.refused(ReasonCode.INVALID_IDENTIFIER, problem);
    }
    if (node.get("state").textValue().isEmpty()) {
      return Decoded.refused(ReasonCode.MISSING_FIELD, "field 'state' is empty");
    }
    String fromTopic = TopicFilters.gatewayOf(mqttTopic);
    if (fromTopic != null && !fromTopic.equals(gateway)) {
      return Decoded.refused(
          ReasonCode.TOPIC_MISMATCH,
          "status of gateway '"
              + abbreviate(gateway)
              + "' published on the topic of gateway '"
              + abbreviate(fromTopic)
              + "'");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) toConnect(node);
    return Decoded.accepted(new Status(gateway, json));
  }

  /**
   * A JSON value as the Java values Connect infers schemaless types from. Integers beyond a long
   * become doubles: Connect has no schemaless type for BigInteger.
   */
  private static Object toConnect(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> map.put(e.getKey(), toConnect(e.getValue())));
      return map;
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>(n.size());
      n.forEach(e -> list.add(toConnect(e)));
      return list;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : (Object) n.doubleValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    int nl = message.indexOf('\n');
    return abbreviate(nl < 0 ? message : message.substring(0, nl));
  }

  /** Keeps details short: they travel in a header. */
  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
