package io.plantwatch.ingest.records;

import java.util.List;

/**
 * What one task's record mapping needs from the connector's configuration, and nothing else. The
 * connector's configuration class builds it; this package declares it so that the record mapping
 * does not depend on the package that wires it together.
 *
 * @param readingFilters the MQTT filters whose messages are batch envelopes
 * @param statusFilters the MQTT filters whose messages are gateway statuses, whether or not this
 *     task forwards them: a status that reaches a task that does not is dropped, not rejected
 * @param quarantineFilters the MQTT filters whose messages are gateway quarantine records
 * @param forwardsStatuses whether this task turns statuses into records (task 0 only, so that each
 *     status reaches Kafka once per delivery)
 * @param readingsTopic the Kafka topic of the readings
 * @param statusTopic the Kafka topic of the statuses; empty when they are not forwarded
 * @param rejectedTopic the Kafka topic of unusable payloads and quarantine records
 * @param rejectedMaxPayloadBytes rejected payloads are cut to this many bytes
 * @param envelopeMaxBytes envelopes and statuses larger than this are rejected before parsing
 * @param readingHeaders the headers of {@link RecordHeaders#ON_READINGS} each reading record
 *     carries
 */
public record RecordSettings(
    List<String> readingFilters,
    List<String> statusFilters,
    List<String> quarantineFilters,
    boolean forwardsStatuses,
    String readingsTopic,
    String statusTopic,
    String rejectedTopic,
    int rejectedMaxPayloadBytes,
    int envelopeMaxBytes,
    List<String> readingHeaders) {

  public RecordSettings {
    readingFilters = List.copyOf(readingFilters);
    statusFilters = List.copyOf(statusFilters);
    quarantineFilters = List.copyOf(quarantineFilters);
    readingHeaders = List.copyOf(readingHeaders);
  }
}
