package io.plantwatch.ingest.records;

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
  private final RecordCounters counters;

  public UplinkRouting(RecordSettings settings, RecordCounters counters) {
    this(
        new UplinkRecords(settings, counters),
        settings.forwardsStatuses() ? new StatusRecords(settings, counters) : null,
        settings.readingFilters(),
        settings.statusFilters(),
        new Rejects(settings.rejectedTopic(), settings.rejectedMaxPayloadBytes(), counters),
        settings.quarantineFilters(),
        counters);
  }

  /**
   * @param statuses null when this task does not forward statuses
   */
  UplinkRouting(
      UplinkRecords readings,
      StatusRecords statuses,
      List<String> readingFilters,
      List<String> statusFilters,
      RecordCounters counters) {
    this(readings, statuses, readingFilters, statusFilters, null, List.of(), counters);
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
      RecordCounters counters) {
    this.quarantine = quarantine;
    this.quarantineFilters = List.copyOf(quarantineFilters);
    this.readings = readings;
    this.statuses = statuses;
    this.readingFilters = List.copyOf(readingFilters);
    this.statusFilters = List.copyOf(statusFilters);
    this.counters = counters;
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
        new AckOnCommit(arrival, 0, counters); // no records: acknowledged at once
        return List.of();
      }
    }
    return readings.from(arrival);
  }
}
