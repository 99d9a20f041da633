package io.plantwatch.ingest.records;

import java.util.List;

/**
 * Header names on the connector's Kafka records: a stable contract for consumers, never renamed.
 */
public final class RecordHeaders {
  /** Gateway id from the envelope (readings) or from the MQTT topic (rejected payloads). */
  public static final String GATEWAY = "plantwatch.gateway";

  /** The envelope's batch number (readings). */
  public static final String BATCH = "plantwatch.batch";

  /** The envelope's version {@code v} (readings). */
  public static final String ENVELOPE_VERSION = "plantwatch.envelope.version";

  /** The MQTT topic the message came from (both topics). */
  public static final String MQTT_TOPIC = "mqtt.topic";

  /** True when the broker flagged the message as a possible redelivery (both topics). */
  public static final String MQTT_DUPLICATE = "mqtt.dup";

  /**
   * The headers a reading record can carry ({@code kafka.readings.headers}), all by default. Each
   * is the same for every reading of one MQTT message, and the gateway is also in the value.
   */
  public static final List<String> ON_READINGS =
      List.of(GATEWAY, BATCH, ENVELOPE_VERSION, MQTT_TOPIC, MQTT_DUPLICATE);

  /** Rejection reason code, lower snake case as in {@link io.plantwatch.telemetry.ReasonCode}. */
  public static final String REASON = "plantwatch.reason";

  /** Human-readable detail of the rejection, naming the offending field. */
  public static final String REASON_DETAIL = "plantwatch.reason.detail";

  /** Size in bytes of the rejected payload before it was cut to the configured cap. */
  public static final String PAYLOAD_SIZE = "plantwatch.payload.size";

  /** True when the rejected payload in the value was cut. */
  public static final String PAYLOAD_TRUNCATED = "plantwatch.payload.truncated";

  /** When the task received the message, epoch milliseconds (rejected payloads). */
  public static final String RECEIVED_AT = "plantwatch.received.at";

  private RecordHeaders() {}
}
