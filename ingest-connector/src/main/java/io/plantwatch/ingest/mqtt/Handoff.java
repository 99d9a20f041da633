package io.plantwatch.ingest.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the MQTT client's callback thread and {@code poll()}. When it is full
 * the callback thread waits, which stops Paho reading from the socket; with acknowledgements held
 * until Kafka has the records, the broker's receive maximum normally stops the flow before that.
 */
public final class Handoff {
  private static final long OFFER_SLICE_MS = 200;

  private final BlockingQueue<Arrival> queue;
  private volatile boolean closed;

  public Handoff(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Waits for room, then enqueues. Returns false, leaving the message unacknowledged so the broker
   * delivers it again, when the hand-off is closed or the thread interrupted.
   */
  boolean put(Arrival arrival) {
    try {
      while (!closed) {
        if (queue.offer(arrival, OFFER_SLICE_MS, TimeUnit.MILLISECONDS)) {
          if (closed) {
            // close() emptied the queue, which let this offer in: nobody will take it now.
            queue.remove(arrival);
            return false;
          }
          return true;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The next arrival, waiting up to {@code timeoutMs}; null if none came. */
  public Arrival next(long timeoutMs) throws InterruptedException {
    return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** The next arrival if one is waiting, else null. */
  public Arrival nextNow() {
    return queue.poll();
  }

  public int depth() {
    return queue.size();
  }

  int capacity() {
    return queue.size() + queue.remainingCapacity();
  }

  /** Releases waiting producers; what is queued stays unacknowledged and will be redelivered. */
  public void close() {
    closed = true;
    queue.clear();
  }
}
