package io.plantwatch.ingest.mqtt;

import java.util.List;
import org.apache.kafka.common.config.types.Password;

/**
 * What one task's MQTT session needs from the connector's configuration, and nothing else. The
 * connector's configuration class builds it; this package declares it so that the MQTT session does
 * not depend on the package that wires it together.
 *
 * @param clientId the task's own client id: the broker keys the persistent session by it
 * @param password null when none is configured
 * @param readingFilters shared among the tasks through {@code sharedGroup}
 * @param quarantineFilters the gateways' quarantine topics, shared like the readings
 * @param statusFilters subscribed only when {@code forwardsStatuses}, and never shared
 * @param forwardsStatuses whether this task subscribes to the status filters (task 0 only, so that
 *     each status reaches Kafka once per delivery)
 * @param sharedGroup the MQTT 5 share name; empty subscribes without sharing
 * @param acknowledgeAfterKafka manual acknowledgements, sent once Kafka has the records; false lets
 *     Paho acknowledge on arrival
 * @param receiptFilters the only topics a receipt may be published to
 */
public record SessionSettings(
    String brokerUri,
    String clientId,
    String username,
    Password password,
    TlsSettings tls,
    int connectTimeoutMs,
    int keepAliveSeconds,
    long sessionExpirySeconds,
    int receiveMaximum,
    long reconnectBackoffInitialMs,
    long reconnectBackoffMaxMs,
    List<String> readingFilters,
    List<String> quarantineFilters,
    List<String> statusFilters,
    boolean forwardsStatuses,
    String sharedGroup,
    int qos,
    boolean acknowledgeAfterKafka,
    List<String> receiptFilters) {

  public SessionSettings {
    readingFilters = List.copyOf(readingFilters);
    quarantineFilters = List.copyOf(quarantineFilters);
    statusFilters = List.copyOf(statusFilters);
    receiptFilters = List.copyOf(receiptFilters);
  }
}
