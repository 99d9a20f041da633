package io.plantwatch.ingest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records made from one MQTT message on their way to Kafka. The message is acknowledged to the
 * broker when Kafka has acknowledged the last of them, and never before: that is the connector's
 * at-least-once guarantee. At that moment the sender's receipt, if it asked for one, is published
 * too: the gateway deletes what the message carried only then.
 */
final class Delivery {
  private final Arrival arrival;
  private final IngestMetrics metrics;
  private final AtomicInteger unacknowledged;

  /**
   * @param records how many records were made from the message; with none (an empty batch), the
   *     message is acknowledged at once
   */
  Delivery(Arrival arrival, int records, IngestMetrics metrics) {
    this.arrival = arrival;
    this.metrics = metrics;
    this.unacknowledged = new AtomicInteger(records);
    if (records == 0) {
      acknowledge();
    }
  }

  /** Kafka has one more of this message's records; called from the producer's callback thread. */
  void recordCommitted() {
    int left = unacknowledged.decrementAndGet();
    if (left == 0) {
      acknowledge();
    } else if (left < 0) {
      throw new IllegalStateException(
          "more commits than records for MQTT message " + arrival.messageId());
    }
  }

  private void acknowledge() {
    metrics.acknowledged(arrival.connection().acknowledge(arrival));
    if (arrival.responseTopic() != null) {
      metrics.receipt(arrival.connection().sendReceipt(arrival));
    }
  }

  Arrival arrival() {
    return arrival;
  }
}
