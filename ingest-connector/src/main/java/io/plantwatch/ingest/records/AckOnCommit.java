package io.plantwatch.ingest.records;

import io.plantwatch.ingest.mqtt.Arrival;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What is owed to one MQTT message once Kafka has committed every record made from it: its
 * acknowledgement to the broker and, if the sender asked for one, its receipt. Neither goes out
 * before that: that is the connector's at-least-once guarantee, and the gateway deletes what the
 * message carried only on the receipt.
 */
final class AckOnCommit {
  private final Arrival arrival;
  private final RecordCounters counters;
  private final AtomicInteger uncommitted;

  /**
   * @param records how many records were made from the message; with none (an empty batch), the
   *     message is acknowledged at once
   */
  AckOnCommit(Arrival arrival, int records, RecordCounters counters) {
    this.arrival = arrival;
    this.counters = counters;
    this.uncommitted = new AtomicInteger(records);
    if (records == 0) {
      acknowledge();
    }
  }

  /** Kafka has one more of this message's records; called from the producer's callback thread. */
  void recordCommitted() {
    int left = uncommitted.decrementAndGet();
    if (left == 0) {
      acknowledge();
    } else if (left < 0) {
      throw new IllegalStateException(
          "more commits than records for MQTT message " + arrival.messageId());
    }
  }

  private void acknowledge() {
    counters.acknowledged(arrival.connection().acknowledge(arrival));
    if (arrival.responseTopic() != null) {
      counters.receipt(arrival.connection().sendReceipt(arrival));
    }
  }
}
