package io.plantwatch.gateway.forward;

import io.plantwatch.gateway.queue.QueuedEntry;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued readings to the uplink in batches (up to {@code batchMaxReadings}, or what arrived
 * within {@code batchLinger}), with at most {@code maxInFlight} messages awaiting PUBACK. A PUBACK
 * removes the batch from the queue. After a reconnect, sending resumes from the oldest
 * unacknowledged entry: only the unacknowledged tail is sent twice.
 */
public final class UplinkForwarder implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(UplinkForwarder.class);
  private static final int REJECTS_PER_ROUND = 100;

  private final StoreAndForwardQueue queue;
  private final UplinkClient uplink;
  private final String gatewayId;
  private final int batchMax;
  private final long lingerMillis;
  private final int maxInFlight;
  private final ForwardListener listener;
  private final Clock clock;
  private final BatchCodec codec = new BatchCodec();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean running = true;
  private volatile Flight flight;
  private volatile boolean rewind;
  private long sentGeneration = -1;
  private long readingCursor;
  private long rejectCursor;

  public UplinkForwarder(
      StoreAndForwardQueue queue,
      UplinkClient uplink,
      String gatewayId,
      int batchMax,
      long lingerMillis,
      int maxInFlight,
      ForwardListener listener,
      Clock clock) {
    this.queue = queue;
    this.uplink = uplink;
    this.gatewayId = gatewayId;
    this.batchMax = batchMax;
    this.lingerMillis = lingerMillis;
    this.maxInFlight = maxInFlight;
    this.listener = listener;
    this.clock = clock;
    this.flight = new Flight(maxInFlight);
  }

  /** Messages of one connection awaiting PUBACK: a permit each, and the readings they carry. */
  private static final class Flight {
    final Semaphore permits;
    final java.util.concurrent.atomic.AtomicLong readings =
        new java.util.concurrent.atomic.AtomicLong();

    Flight(int maxInFlight) {
      permits = new Semaphore(maxInFlight);
    }
  }

  /** New data was queued, or the uplink (re)connected. */
  public void wake() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public void stop() {
    running = false;
    wake();
  }

  /** Waits up to {@code millis} for every in-flight message to be acknowledged. */
  public boolean awaitAcknowledged(long millis) throws InterruptedException {
    Semaphore p = flight.permits;
    if (p.tryAcquire(maxInFlight, millis, TimeUnit.MILLISECONDS)) {
      p.release(maxInFlight);
      return true;
    }
    return false;
  }

  @Override
  public void run() {
    while (running) {
      try {
        if (!uplink.isConnected()) {
          pause(500);
          continue;
        }
        long gen = uplink.generation();
        if (gen != sentGeneration || rewind) {
          resumeFromOldestUnacknowledged(gen);
        }
        boolean sent = sendRejects(gen) | sendReadings(gen);
        if (!sent) {
          pause(lingerMillis > 0 ? lingerMillis : 50);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("forwarding failed, retrying: {}", e.toString());
        try {
          pause(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void resumeFromOldestUnacknowledged(long gen) {
    long resent = flight.readings.get();
    if (resent > 0) {
      listener.readingsResent(resent);
      log.info("uplink: resending {} readings that were sent but not acknowledged", resent);
    }
    long first = queue.firstReadingSeq();
    readingCursor = first >= 0 ? first : readingCursor;
    long firstReject = queue.firstRejectSeq();
    rejectCursor = firstReject >= 0 ? firstReject : rejectCursor;
    // In-flight sends of the old connection will never be acknowledged: start a fresh flight.
    flight = new Flight(maxInFlight);
    sentGeneration = gen;
    rewind = false;
    log.debug("forwarding from reading seq {} on connection {}", readingCursor, gen);
  }

  private boolean sendReadings(long gen) throws InterruptedException {
    Flight f = flight;
    Semaphore p = f.permits;
    if (!p.tryAcquire(50, TimeUnit.MILLISECONDS)) {
      return false;
    }
    List<QueuedEntry> entries = queue.readReadings(readingCursor, batchMax);
    if (entries.isEmpty()
        || (entries.size() < batchMax
            && clock.millis() - entries.get(0).receivedAt() < lingerMillis)) {
      p.release();
      return false;
    }
    long from = entries.get(0).seq();
    long to = entries.get(entries.size() - 1).seq();
    List<byte[]> payloads = new ArrayList<>(entries.size());
    entries.forEach(e -> payloads.add(e.payload()));
    byte[] envelope = codec.encodeRaw(gatewayId, from, payloads);
    int count = entries.size();
    try {
      uplink.publish(
          uplink.topics().readings(),
          envelope,
          false,
          new Acknowledgement(
              f,
              gen,
              count,
              () -> {
                queue.ackReadings(from, to);
                listener.readingsForwarded(count);
              }));
      f.readings.addAndGet(count);
      readingCursor = to + 1;
      listener.inFlight(maxInFlight - p.availablePermits());
      return true;
    } catch (MqttException e) {
      p.release();
      log.debug("batch {}..{} not sent ({}); will retry", from, to, e.getMessage());
      pause(100);
      return false;
    }
  }

  private boolean sendRejects(long gen) throws InterruptedException {
    boolean sent = false;
    for (QueuedEntry e : queue.readRejects(rejectCursor, REJECTS_PER_ROUND)) {
      Flight f = flight;
      Semaphore p = f.permits;
      if (!p.tryAcquire(50, TimeUnit.MILLISECONDS)) {
        return sent;
      }
      long seq = e.seq();
      try {
        uplink.publish(
            uplink.topics().rejected(),
            e.payload(),
            false,
            new Acknowledgement(
                f,
                gen,
                0,
                () -> {
                  queue.ackRejects(seq, seq);
                  listener.rejectsForwarded(1);
                }));
        rejectCursor = seq + 1;
        sent = true;
      } catch (MqttException ex) {
        p.release();
        return sent;
      }
    }
    return sent;
  }

  private void pause(long millis) throws InterruptedException {
    lock.lock();
    try {
      if (running) {
        wake.await(millis, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Releases the in-flight permit and, on PUBACK, removes the sent entries from the queue. */
  private final class Acknowledgement implements MqttActionListener {
    private final Flight flight;
    private final long gen;
    private final int readings;
    private final Runnable onAck;

    Acknowledgement(Flight flight, long gen, int readings, Runnable onAck) {
      this.flight = flight;
      this.gen = gen;
      this.readings = readings;
      this.onAck = onAck;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      try {
        onAck.run();
      } finally {
        flight.readings.addAndGet(-readings);
        flight.permits.release();
        wake();
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable exception) {
      flight.permits.release();
      if (gen == uplink.generation()) {
        // Refused on a live connection: send again from the oldest unacknowledged entry.
        log.warn(
            "uplink refused a message: {}; resending from the queue head",
            exception == null ? "?" : exception.getMessage());
        rewind = true;
      }
      wake();
    }
  }
}
