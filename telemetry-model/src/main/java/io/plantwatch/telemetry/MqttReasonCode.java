package io.plantwatch.telemetry;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The MQTT reason codes a broker answers with (MQTT 5 reason codes and MQTT 3.1.1 CONNACK return
 * codes), named once for the gateway and the connector, each with whether retrying can help.
 *
 * <p>A code is {@link #needsOperator() for the operator} when the broker will keep saying the same
 * thing until someone changes a credential, an ACL, a client id or the configuration; the other
 * codes describe weather (a broker restarting, busy, shutting down) that passes. The 3.1.1 return
 * codes (1-5) and the MQTT 5 codes (128 and above) do not overlap, so one number finds its entry
 * whichever protocol the client speaks.
 */
public enum MqttReasonCode {
  MALFORMED_PACKET(
      0x81, 0, true, "the broker reports a malformed packet (client and broker disagree on MQTT)"),
  PROTOCOL_ERROR(
      0x82, 0, true, "the broker reports a protocol error (client and broker disagree on MQTT)"),
  UNSPECIFIED_ERROR(0x80, 0, false, "the broker reports an unspecified error"),
  IMPLEMENTATION_SPECIFIC_ERROR(0x83, 0, false, "the broker reports an implementation error"),
  UNSUPPORTED_PROTOCOL_VERSION(
      0x84, 1, true, "the broker does not support this MQTT protocol version"),
  CLIENT_IDENTIFIER_NOT_VALID(0x85, 2, true, "the broker refuses the client id"),
  BAD_USER_NAME_OR_PASSWORD(
      0x86, 4, true, "the broker refused the credentials (bad user name or password)"),
  NOT_AUTHORIZED(
      0x87,
      5,
      true,
      "the broker refused: not authorized (check the user name, the password and the broker's"
          + " ACL)"),
  SERVER_UNAVAILABLE(0x88, 3, false, "the broker is unavailable"),
  SERVER_BUSY(0x89, 0, false, "the broker is busy"),
  BANNED(0x8A, 0, true, "the broker has banned this client"),
  SERVER_SHUTTING_DOWN(0x8B, 0, false, "the broker is shutting down"),
  BAD_AUTHENTICATION_METHOD(0x8C, 0, true, "the broker refuses the authentication method"),
  KEEP_ALIVE_TIMEOUT(0x8D, 0, false, "the broker saw no keep-alive in time"),
  SESSION_TAKEN_OVER(
      0x8E, 0, false, "another client connected with the same client id and took the session"),
  TOPIC_FILTER_INVALID(0x8F, 0, true, "the broker refuses a topic filter"),
  // Retried, as both clients always did: a subscriber meets these in passing (a broker failing
  // over, a publisher's oversized message), and a publisher's own mistake shows in its metrics.
  TOPIC_NAME_INVALID(0x90, 0, false, "the broker refuses a topic name"),
  RECEIVE_MAXIMUM_EXCEEDED(0x93, 0, false, "the client exceeded the broker's receive maximum"),
  PACKET_TOO_LARGE(0x95, 0, false, "a packet is larger than the broker accepts"),
  QUOTA_EXCEEDED(0x97, 0, false, "the broker's quota is exceeded"),
  QOS_NOT_SUPPORTED(0x9B, 0, true, "the broker does not support the requested QoS"),
  USE_ANOTHER_SERVER(0x9C, 0, false, "the broker asks the client to use another server"),
  SERVER_MOVED(0x9D, 0, false, "the broker has moved"),
  SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(
      0x9E, 0, true, "the broker does not support shared subscriptions"),
  CONNECTION_RATE_EXCEEDED(0x9F, 0, false, "the broker refuses connections this fast"),
  WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(
      0xA2, 0, true, "the broker does not support wildcard subscriptions");

  private static final Map<Integer, MqttReasonCode> BY_V5 =
      Arrays.stream(values()).collect(Collectors.toMap(c -> c.v5, Function.identity()));
  private static final Map<Integer, MqttReasonCode> BY_V3 =
      Arrays.stream(values())
          .filter(c -> c.v3 != 0)
          .collect(Collectors.toMap(c -> c.v3, Function.identity()));

  private final int v5;
  private final int v3;
  private final boolean needsOperator;
  private final String explanation;

  MqttReasonCode(int v5, int v3, boolean needsOperator, String explanation) {
    this.v5 = v5;
    this.v3 = v3;
    this.needsOperator = needsOperator;
    this.explanation = explanation;
  }

  /** The entry for an MQTT 5 reason code or an MQTT 3.1.1 CONNACK return code. */
  public static Optional<MqttReasonCode> of(int code) {
    MqttReasonCode c = BY_V5.get(code);
    return Optional.ofNullable(c != null ? c : BY_V3.get(code));
  }

  /** The MQTT 5 reason code. */
  public int code() {
    return v5;
  }

  /** True when retrying alone will not help: a credential, an ACL or a setting must change. */
  public boolean needsOperator() {
    return needsOperator;
  }

  /** A sentence an operator can act on. */
  public String explanation() {
    return explanation;
  }
}
