package io.plantwatch.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

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
