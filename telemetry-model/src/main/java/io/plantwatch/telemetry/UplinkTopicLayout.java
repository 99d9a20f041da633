package io.plantwatch.telemetry;

/**
 * The uplink topic layout (contract 3): every gateway publishes under {@code
 * {prefix}/{gatewayId}/…}, one level per kind of message. Gateway, connector and the deployment
 * files build their topics and filters here, so the layout is written down once.
 *
 * @param prefix the topic prefix, {@link #DEFAULT_PREFIX} unless configured
 */
public record UplinkTopicLayout(String prefix) {
  public static final String DEFAULT_PREFIX = "plantwatch/uplink";
  public static final UplinkTopicLayout DEFAULT = new UplinkTopicLayout(DEFAULT_PREFIX);

  /** The last topic level of each kind of uplink message. */
  public static final String READINGS = "readings";

  public static final String REJECTED = "rejected";
  public static final String STATUS = "status";
  public static final String RECEIPTS = UplinkReceipt.TOPIC_LEVEL;

  /** {@code {prefix}/{gatewayId}/{level}}. */
  public String topic(String gatewayId, String level) {
    return prefix + "/" + gatewayId + "/" + level;
  }

  /**
   * The gateway id in a topic of this layout ({@code {prefix}/{gatewayId}/{level}}), or null when
   * the topic does not follow it.
   */
  public String gatewayOf(String topic) {
    String head = prefix + "/";
    if (!topic.startsWith(head)) {
      return null;
    }
    String rest = topic.substring(head.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0 || slash == rest.length() - 1) {
      return null;
    }
    return rest.substring(0, slash);
  }

  /** The filter matching {@code level} of every gateway: {@code {prefix}/+/{level}}. */
  public String everyGateway(String level) {
    return topic("+", level);
  }
}
