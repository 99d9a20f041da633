package io.plantwatch.ingest.records;

import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record that knows the MQTT message it was made from. Connect hands the very record that
 * {@code poll()} returned back to {@code commitRecord()} (the record before transformations), so
 * the link needs no lookup table.
 */
public final class TrackedRecord extends SourceRecord {
  private final AckOnCommit ackOnCommit;

  TrackedRecord(
      String topic,
      Schema keySchema,
      Object key,
      Schema valueSchema,
      Object value,
      Long timestamp,
      Iterable<Header> headers,
      AckOnCommit ackOnCommit) {
    // MQTT has no position to resume from: the broker's persistent session is the position, so
    // there is no source partition or offset for Connect to store.
    super(null, null, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
    this.ackOnCommit = Objects.requireNonNull(ackOnCommit, "ackOnCommit");
  }

  /**
   * Kafka has this record (or, from {@code commitRecord} with no metadata, will never have it): one
   * step closer to acknowledging its MQTT message. Called from the producer's callback thread.
   */
  public void recordCommitted() {
    ackOnCommit.recordCommitted();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrackedRecord t && t.ackOnCommit == ackOnCommit && super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
