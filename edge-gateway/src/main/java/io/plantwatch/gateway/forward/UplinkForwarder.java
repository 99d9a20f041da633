package io.plantwatch.gateway.forward;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.queue.QueuedEntry;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.UplinkReceipt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued readings to the uplink in batches (up to {@code batchMaxReadings}, or what arrived
 * within {@code batchLinger}), with at most {@code maxInFlight} messages awaiting acknowledgement.
 *
 * <p>The acknowledgement that removes a batch from the queue is the connector's receipt (contract
 * 3b): Kafka has every record of it. The uplink broker's PUBACK only says the broker took the
 * message, and a broker may still drop it (no subscriber after its own restart, a full queue, a
 * shared subscription it did not restore). A batch without a receipt after {@code receiptTimeout}
 * is sent again, from the oldest entry still queued. With {@code trustBrokerAck} the PUBACK is
 * enough, for brokers that are durable on their own.
 *
 * <p>After a reconnect or a timeout, sending resumes from the oldest unacknowledged entry: only the
 * unacknowledged tail is sent twice, and its duplicates keep their reading ids.
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
  private final boolean trustBrokerAck;
  private final long receiptTimeoutMillis;
  // Doubles after each timeout (up to MAX_TIMEOUT_FACTOR times the setting), back to the setting
  // with the next receipt: a connector or Kafka that is away for minutes gets a few resends of
  // the window, not one every receiptTimeout.
  private volatile long currentTimeoutMillis;
  private static final int MAX_TIMEOUT_FACTOR = 8;
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
      GatewayConfig.Uplink config,
      ForwardListener listener,
      Clock clock) {
    this.queue = queue;
    this.uplink = uplink;
    this.gatewayId = gatewayId;
    this.batchMax = config.batchMaxReadings();
    this.lingerMillis = config.batchLinger().toMillis();
    this.maxInFlight = config.maxInFlight();
    this.trustBrokerAck = config.trustBrokerAck();
    this.receiptTimeoutMillis = config.receiptTimeout().toMillis();
    this.currentTimeoutMillis = receiptTimeoutMillis;
    this.listener = listener;
    this.clock = clock;
    this.flight = new Flight(maxInFlight);
    if (!trustBrokerAck) {
      uplink.onReceipt(this::receiptArrived);
    }
  }

  /** A message sent and not yet acknowledged: what it carries and when it left. */
  private record Pending(int readings, long sentAt) {}

  /**
   * Messages of one connection (or one resend round) awaiting acknowledgement: a permit each, and
   * what they carry. Whoever removes an entry from {@code awaiting} releases its permit, so a
   * receipt, a PUBACK and a failure racing for one message release it once.
   */
  private static final class Flight {
    final Semaphore permits;
    final AtomicLong readings = new AtomicLong();
    final Map<UplinkReceipt, Pending> awaiting = new ConcurrentHashMap<>();

    Flight(int maxInFlight) {
      permits = new Semaphore(maxInFlight);
    }

    /** Removes the message; true when this call released its permit. */
    boolean settle(UplinkReceipt r) {
      Pending p = awaiting.remove(r);
      if (p == null) {
        return false;
      }
      readings.addAndGet(-p.readings());
      permits.release();
      return true;
    }

    long oldestSentAt() {
      long oldest = Long.MAX_VALUE;
      for (Pending p : awaiting.values()) {
        oldest = Math.min(oldest, p.sentAt());
      }
      return oldest;
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

  /** Messages sent and not yet acknowledged, and the age of the oldest in milliseconds. */
  public long awaitingMessages() {
    return flight.awaiting.size();
  }

  public long oldestAwaitingMillis() {
    long oldest = flight.oldestSentAt();
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest);
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
        if (!trustBrokerAck && gen == sentGeneration) {
          // Only the current connection's flight: a reconnect starts a new one anyway.
          checkReceiptTimeout();
        }
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

  private void checkReceiptTimeout() {
    Flight f = flight;
    long oldest = f.oldestSentAt();
    long timeout = currentTimeoutMillis;
    if (oldest != Long.MAX_VALUE && clock.millis() - oldest >= timeout) {
      listener.receiptsTimedOut(f.awaiting.size());
      currentTimeoutMillis = Math.min(timeout * 2, receiptTimeoutMillis * MAX_TIMEOUT_FACTOR);
      log.warn(
          "uplink: no receipt for {} messages within {} ms (is the connector running and Kafka"
              + " reachable?); sending them again, next timeout {} ms",
          f.awaiting.size(),
          timeout,
          currentTimeoutMillis);
      rewind = true;
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
    // Acknowledgements of the old flight will not free permits of the new one: start afresh.
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
    UplinkReceipt receipt = new UplinkReceipt(UplinkReceipt.Kind.READINGS, from, to);
    if (!send(f, gen, uplink.topics().readings(), envelope, receipt, entries.size())) {
      pause(100);
      return false;
    }
    readingCursor = to + 1;
    listener.inFlight(maxInFlight - p.availablePermits());
    return true;
  }

  private boolean sendRejects(long gen) throws InterruptedException {
    boolean sent = false;
    for (QueuedEntry e : queue.readRejects(rejectCursor, REJECTS_PER_ROUND)) {
      Flight f = flight;
      if (!f.permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
        return sent;
      }
      UplinkReceipt receipt = new UplinkReceipt(UplinkReceipt.Kind.REJECTS, e.seq(), e.seq());
      if (!send(f, gen, uplink.topics().rejected(), e.payload(), receipt, 0)) {
        return sent;
      }
      rejectCursor = e.seq() + 1;
      sent = true;
    }
    return sent;
  }

  /** Publishes a message holding one permit of {@code f}; false (permit freed) if not sent. */
  private boolean send(
      Flight f, long gen, String topic, byte[] payload, UplinkReceipt receipt, int readings) {
    f.awaiting.put(receipt, new Pending(readings, clock.millis()));
    f.readings.addAndGet(readings);
    try {
      uplink.publish(
          topic,
          payload,
          false,
          trustBrokerAck ? null : receipt,
          new Acknowledgement(f, gen, receipt));
      return true;
    } catch (MqttException e) {
      f.settle(receipt);
      log.debug("{} not sent ({}); will retry", receipt, e.getMessage());
      return false;
    }
  }

  /** The connector's receipt: the range is in Kafka and leaves the queue. */
  void receiptArrived(byte[] payload) {
    try {
      applyReceipt(payload);
    } catch (RuntimeException e) {
      // On the MQTT callback thread: throwing would drop the connection. An unapplied receipt
      // only means the range is sent again after the timeout.
      log.warn("uplink: receipt not applied: {}", e.toString());
    }
  }

  private void applyReceipt(byte[] payload) {
    Optional<UplinkReceipt> parsed = UplinkReceipt.parse(payload);
    if (parsed.isEmpty()) {
      listener.receiptRefused();
      log.warn("uplink: ignored a message on the receipts topic that is not a receipt");
      return;
    }
    UplinkReceipt r = parsed.get();
    Flight f = flight;
    Pending p = f.awaiting.get(r);
    if (p != null) {
      acknowledged(f, r, p);
    } else {
      // A receipt for a message of an earlier connection or resend round: its range is in Kafka
      // all the same, so it leaves the queue; a copy still in flight is a harmless duplicate.
      remove(r);
    }
    wake();
  }

  private void acknowledged(Flight f, UplinkReceipt r, Pending p) {
    remove(r);
    if (!f.settle(r)) {
      return; // settled concurrently (a failure report): the range is removed all the same
    }
    if (r.kind() == UplinkReceipt.Kind.READINGS) {
      listener.readingsForwarded(p.readings());
    } else {
      listener.rejectsForwarded(1);
    }
    listener.receiptLatency(clock.millis() - p.sentAt());
    currentTimeoutMillis = receiptTimeoutMillis;
  }

  private void remove(UplinkReceipt r) {
    if (r.kind() == UplinkReceipt.Kind.READINGS) {
      queue.ackReadings(r.first(), r.last());
    } else {
      queue.ackRejects(r.first(), r.last());
    }
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

  /**
   * The broker's PUBACK: the acknowledgement itself with {@code trustBrokerAck}, otherwise only a
   * step on the way to the receipt. A failure frees the permit and sends again.
   */
  private final class Acknowledgement implements MqttActionListener {
    private final Flight flight;
    private final long gen;
    private final UplinkReceipt receipt;

    Acknowledgement(Flight flight, long gen, UplinkReceipt receipt) {
      this.flight = flight;
      this.gen = gen;
      this.receipt = receipt;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      Pending p = trustBrokerAck ? flight.awaiting.get(receipt) : null;
      if (p != null) {
        acknowledged(flight, receipt, p);
        wake();
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable exception) {
      flight.settle(receipt);
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
