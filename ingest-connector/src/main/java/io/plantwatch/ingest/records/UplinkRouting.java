package io.plantwatch.ingest.records;

import io.plantwatch.ingest.IngestMetrics;
import io.plantwatch.ingest.MqttSourceConfig;
import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.telemetry.MqttTopicFilter;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each MQTT message to the mapping its topic calls for: a gateway quarantine record, a
 * gateway status (on the task that forwards statuses) or a batch envelope. A message on a status
 * filter that this task does not forward (left over in the broker's persistent session after
 * forwarding was turned off) is acknowledged and dropped rather than rejected as an envelope.
 */
public final class UplinkRouting {
  private static final Logger log = LoggerFactory.getLogger(UplinkRouting.class);

  private final UplinkRecords readings;
  private final StatusRecords statuses;
  private final List<String> readingFilters;
  private final List<String> statusFilters;
  private final Rejects quarantine;
  private final List<String> quarantineFilters;
  private final IngestMetrics metrics;

  public UplinkRouting(MqttSourceConfig config, IngestMetrics metrics) {
    this(
        new UplinkRecords(config, metrics),
        config.forwardsStatuses() ? new StatusRecords(config, metrics) : null,
        config.topicFilters(),
        config.statusTopicFilters(),
        new Rejects(config.rejectedTopic(), config.rejectedMaxPayloadBytes(), metrics),
        config.quarantineTopicFilters(),
        metrics);
  }

  /**
   * @param statuses null when this task does not forward statuses
   */
  UplinkRouting(
      UplinkRecords readings,
      StatusRecords statuses,
      List<String> readingFilters,
      List<String> statusFilters,
      IngestMetrics metrics) {
    this(readings, statuses, readingFilters, statusFilters, null, List.of(), metrics);
  }

  /**
   * @param quarantine null when quarantine records are not forwarded
   */
  UplinkRouting(
      UplinkRecords readings,
      StatusRecords statuses,
      List<String> readingFilters,
      List<String> statusFilters,
      Rejects quarantine,
      List<String> quarantineFilters,
      IngestMetrics metrics) {
    this.quarantine = quarantine;
    this.quarantineFilters = List.copyOf(quarantineFilters);
    this.readings = readings;
    this.statuses = statuses;
    this.readingFilters = List.copyOf(readingFilters);
    this.statusFilters = List.copyOf(statusFilters);
    this.metrics = metrics;
  }

  public List<SourceRecord> from(Arrival arrival) {
    if (quarantine != null && MqttTopicFilter.matchesAny(quarantineFilters, arrival.topic())) {
      return List.of(quarantine.ofQuarantineRecord(arrival));
    }
    if (MqttTopicFilter.matchesAny(statusFilters, arrival.topic())) {
      if (statuses != null) {
        return List.of(statuses.from(arrival));
      }
      if (!MqttTopicFilter.matchesAny(readingFilters, arrival.topic())) {
        log.debug(
            "status message on {} dropped: this task does not forward statuses", arrival.topic());
        new AckOnCommit(arrival, 0, metrics); // no records: acknowledged at once
        return List.of();
      }
    }
    return readings.from(arrival);
  }
}
