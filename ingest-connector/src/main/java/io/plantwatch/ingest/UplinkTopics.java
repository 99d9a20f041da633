package io.plantwatch.ingest;

/** The uplink topic layout of the design: {@code plantwatch/uplink/{gatewayId}/readings}. */
final class UplinkTopics {
  private UplinkTopics() {}

  /** The gateway id in an uplink topic, or null when the topic does not follow the layout. */
  static String gatewayOf(String topic) {
    String[] levels = topic.split("/", -1);
    if (levels.length == 4
        && levels[0].equals("plantwatch")
        && levels[1].equals("uplink")
        && !levels[2].isEmpty()) {
      return levels[2];
    }
    return null;
  }
}
