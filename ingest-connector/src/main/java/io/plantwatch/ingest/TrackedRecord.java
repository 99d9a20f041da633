package io.plantwatch.ingest;

import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record that knows the MQTT message it was made from. Connect hands the very record that
 * {@code poll()} returned back to {@code commitRecord()} (the record before transformations), so
 * the link needs no lookup table.
 */
final class TrackedRecord extends SourceRecord {
  private final Delivery delivery;

  TrackedRecord(
      String topic,
      Schema keySchema,
      Object key,
      Schema valueSchema,
      Object value,
      Long timestamp,
      Iterable<Header> headers,
      Delivery delivery) {
    // MQTT has no position to resume from: the broker's persistent session is the position, so
    // there is no source partition or offset for Connect to store.
    super(null, null, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
    this.delivery = Objects.requireNonNull(delivery, "delivery");
  }

  Delivery delivery() {
    return delivery;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrackedRecord t && t.delivery == delivery && super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
