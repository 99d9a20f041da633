package io.plantwatch.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A quarantined input as published on the rejected topics (contract 3): the reason, where it came
 * from, and the original payload capped at {@code maxPayloadBytes}. Payloads that are valid UTF-8
 * are kept as text so people can read them; others are base64.
 */
public record RejectedRecord(
    String gateway,
    String topic,
    ReasonCode reason,
    String detail,
    long receivedAt,
    byte[] payload,
    int originalSize) {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;

  public static RejectedRecord of(
      String gateway,
      String topic,
      Rejection rejection,
      long receivedAt,
      byte[] payload,
      int maxPayloadBytes) {
    byte[] original = payload == null ? new byte[0] : payload;
    byte[] kept =
        original.length <= maxPayloadBytes ? original : Arrays.copyOf(original, maxPayloadBytes);
    return new RejectedRecord(
        gateway, topic, rejection.reason(), rejection.detail(), receivedAt, kept, original.length);
  }

  public byte[] toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("v", 1);
    n.put("gateway", gateway);
    n.put("topic", topic);
    n.put("reason", reason.wireName());
    n.put("detail", detail);
    n.put("receivedAt", receivedAt);
    n.put("size", originalSize);
    n.put("truncated", payload.length < originalSize);
    String text = utf8OrNull(payload);
    if (text != null) {
      n.put("payload", text);
    } else {
      n.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
    }
    try {
      return Json.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The record in {@code json} (the form {@link #toJson()} writes), or empty when it is not one of
   * this version: unreadable JSON, a missing field, an unknown reason code.
   */
  public static Optional<RejectedRecord> fromJson(byte[] json) {
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      if (n == null
          || !n.isObject()
          || n.path("v").asInt(-1) != 1
          || !n.path("reason").isTextual()
          || !n.path("topic").isTextual()
          || !n.path("receivedAt").isIntegralNumber()) {
        return Optional.empty();
      }
      ReasonCode reason = ReasonCode.fromWireName(n.get("reason").asText());
      byte[] payload =
          n.path("payload").isTextual()
              ? n.get("payload").asText().getBytes(StandardCharsets.UTF_8)
              : Base64.getDecoder().decode(n.path("payloadBase64").asText(""));
      return Optional.of(
          new RejectedRecord(
              n.path("gateway").asText(""),
              n.get("topic").asText(),
              reason,
              n.path("detail").asText(""),
              n.get("receivedAt").asLong(),
              payload,
              n.path("size").asInt(payload.length)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
