package io.plantwatch.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The end-to-end receipt of one uplink message (contract 3b): proof that everything the gateway
 * sent in it is in Kafka, not merely at the uplink broker.
 *
 * <p>The gateway asks for a receipt with MQTT 5 request/response properties on each batch or
 * quarantine record it publishes: the <em>response topic</em> {@code {prefix}/{gatewayId}/receipts}
 * ({@link #topic}) and <em>correlation data</em>, the bytes of {@link #toBytes()} naming the queue
 * range the message carries. Once Kafka has acknowledged every record made from the message, the
 * connector publishes, with QoS 1, a message to that response topic whose payload and correlation
 * data are the request's correlation data, unchanged: the connector treats them as opaque, so the
 * gateway alone decides what a receipt names. A gateway that gets no receipt within its timeout
 * ({@link #DEFAULT_TIMEOUT}) sends the range again; the duplicates this may create carry the same
 * reading ids and are dropped by the analytics job.
 *
 * @param kind what the range numbers: reading sequence numbers or quarantine record numbers
 * @param first the first sequence number carried
 * @param last the last sequence number carried (inclusive)
 */
public record UplinkReceipt(Kind kind, long first, long last) {
  /** The last level of the receipts topic. */
  public static final String TOPIC_LEVEL = "receipts";

  /** How long a gateway waits for a receipt before it sends the range again, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The receipt format; a gateway ignores receipts of other versions (it resends instead). */
  public static final int VERSION = 1;

  /** What a receipt's range counts. */
  public enum Kind {
    READINGS("readings"),
    REJECTS("rejects");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Optional<Kind> ofWire(String name) {
      for (Kind k : values()) {
        if (k.wireName.equals(name)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  public UplinkReceipt {
    if (kind == null || first > last) {
      throw new IllegalArgumentException("a receipt needs a kind and first <= last");
    }
  }

  /** The receipts topic of one gateway: {@code {prefix}/{gatewayId}/receipts}. */
  public static String topic(String prefix, String gatewayId) {
    return new UplinkTopicLayout(prefix).topic(gatewayId, TOPIC_LEVEL);
  }

  /** The correlation data of the request, which is also the payload of the receipt. */
  public byte[] toBytes() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("v", VERSION);
    n.put("kind", kind.wireName());
    n.put("first", first);
    n.put("last", last);
    try {
      return Json.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The receipt these bytes name, or empty when they are not a receipt of this version (a foreign
   * or corrupt message on the receipts topic must not delete anything from the queue).
   */
  public static Optional<UplinkReceipt> parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0 || bytes.length > 1024) {
      return Optional.empty();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(bytes);
      if (n == null
          || !n.isObject()
          || n.path("v").asInt(-1) != VERSION
          || !n.path("first").canConvertToLong()
          || !n.path("last").canConvertToLong()
          || !n.path("first").isIntegralNumber()
          || !n.path("last").isIntegralNumber()) {
        return Optional.empty();
      }
      long first = n.get("first").asLong();
      long last = n.get("last").asLong();
      if (first > last) {
        return Optional.empty();
      }
      return Kind.ofWire(n.path("kind").asText(""))
          .map(kind -> new UplinkReceipt(kind, first, last));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
