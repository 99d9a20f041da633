package io.plantwatch.telemetry;

/**
 * Why a payload or a reading was refused. The names are a stable contract: they appear in the
 * rejected topics, in metric tags and in dashboards, so existing codes are never renamed.
 */
public enum ReasonCode {
  EMPTY_PAYLOAD,
  PAYLOAD_TOO_LARGE,
  MALFORMED_JSON,
  /** A value that is not the Avro binary of a reading (readings format {@code avro}). */
  MALFORMED_AVRO,
  MISSING_FIELD,
  WRONG_TYPE,
  NON_FINITE_VALUE,
  BAD_TIMESTAMP,
  TIMESTAMP_SKEW,
  UNKNOWN_VERSION,
  UNKNOWN_UNIT,
  INCOMPATIBLE_UNIT,
  INVALID_IDENTIFIER,
  TOPIC_MISMATCH,
  // Checks the gateway adds on top of the codec.
  UNKNOWN_METRIC,
  OUT_OF_RANGE,
  DUPLICATE,
  QUEUE_OVERFLOW;

  /** The code as written on the wire and in metric tags: lower snake case. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static ReasonCode fromWireName(String wire) {
    return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
  }
}
