package io.plantwatch.gateway.forward;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.failure.FailureClassifier;
import io.plantwatch.gateway.failure.FatalFailures;
import io.plantwatch.gateway.failure.RetryBudget;
import io.plantwatch.gateway.forward.Flight.Pending;
import io.plantwatch.gateway.queue.QueuedEntry;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.UplinkReceipt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * within {@code batchLinger}), with at most {@code maxInFlight} batches awaiting acknowledgement
 * (and a quarter of that, at least one, for quarantine records, so records nobody confirms cannot
 * hold back readings).
 *
 * <p>The acknowledgement that removes a batch from the queue is the connector's receipt (contract
 * 3b): Kafka has every record of it. The uplink broker's PUBACK only says the broker took the
 * message, and a broker may still drop it (no subscriber after its own restart, a full queue, a
 * shared subscription it did not restore). A message without a receipt after {@code receiptTimeout}
 * is sent again, that message alone, with its timeout doubled each time up to eight times the
 * setting. With {@code trustBrokerAck} the PUBACK is enough, for brokers that are durable on their
 * own.
 *
 * <p>After a reconnect, sending resumes from the oldest unacknowledged entry: only the
 * unacknowledged tail is sent twice, and its copies keep their reading ids.
 *
 * <p>An uplink outage is waited out, however long. A forwarding round that fails (the queue cannot
 * be read) is retried within {@code uplink.forwardRetry}; a fatal failure or a spent budget stops
 * the gateway, with the readings still queued for the next start.
 */
public final class UplinkForwarder implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(UplinkForwarder.class);
  private static final int REJECTS_PER_ROUND = 100;
  private static final int MAX_TIMEOUT_DOUBLINGS = 3;
  private static final String FORWARDER = "forwarder";

  private final StoreAndForwardQueue queue;
  private final UplinkClient uplink;
  private final String gatewayId;
  private final int batchMax;
  private final long lingerMillis;
  private final int maxInFlight;
  private final int maxRejectsInFlight;
  private final boolean trustBrokerAck;
  private final long receiptTimeoutMillis;
  private final ForwardListener listener;
  private final FatalFailures fatal;
  private final RetryBudget retries;
  private final Clock clock;
  private final BatchCodec codec = new BatchCodec();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean running = true;
  private volatile Flight flight;
  private volatile boolean rewind;
  // The highest sequence numbers sent by this process: a receipt beyond them was not asked for.
  private volatile long lastReadingSent = -1;
  private volatile long lastRejectSent = -1;
  private long sentGeneration = -1;
  private long readingCursor;
  private long rejectCursor;

  public UplinkForwarder(
      StoreAndForwardQueue queue,
      UplinkClient uplink,
      String gatewayId,
      GatewayConfig.Uplink config,
      ForwardListener listener,
      FatalFailures fatal,
      Clock clock) {
    this.queue = queue;
    this.uplink = uplink;
    this.gatewayId = gatewayId;
    this.batchMax = config.batchMaxReadings();
    this.lingerMillis = config.batchLinger().toMillis();
    this.maxInFlight = config.maxInFlight();
    this.maxRejectsInFlight = Math.max(1, config.maxInFlight() / 4);
    this.trustBrokerAck = config.trustBrokerAck();
    this.receiptTimeoutMillis = config.receiptTimeout().toMillis();
    this.listener = listener;
    this.fatal = fatal;
    GatewayConfig.Retry r = config.forwardRetry();
    this.retries = RetryBudget.of(r.maxRetries(), r.minDelay(), r.maxDelay());
    this.clock = clock;
    this.flight = newFlight();
    if (!trustBrokerAck) {
      uplink.onReceipt(this::receiptArrived);
    }
  }

  private Flight newFlight() {
    return new Flight(maxInFlight, maxRejectsInFlight);
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

  /** Waits up to {@code millis} for every in-flight batch of readings to be acknowledged. */
  public boolean awaitAcknowledged(long millis) throws InterruptedException {
    Semaphore p = flight.readingPermits;
    if (p.tryAcquire(maxInFlight, millis, TimeUnit.MILLISECONDS)) {
      p.release(maxInFlight);
      return true;
    }
    return false;
  }

  /** Messages sent and not yet acknowledged. */
  public long awaitingMessages() {
    return flight.awaiting.size();
  }

  /** Age of the oldest message sent and not yet acknowledged, in milliseconds; 0 when none. */
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
        if (gen != sentGeneration || rewind) {
          resumeFromOldestUnacknowledged(gen);
        } else if (!trustBrokerAck) {
          resendOverdue(gen);
        }
        boolean sent = sendRejects(gen) | sendReadings(gen);
        retries.reset();
        if (!sent) {
          pause(lingerMillis > 0 ? lingerMillis : 50);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!retryAfter(e)) {
          return;
        }
      }
    }
  }

  /** Waits before the next round after a failed one; false when the forwarder gives up. */
  private boolean retryAfter(RuntimeException e) {
    Failure f = FailureClassifier.classify(e);
    listener.failed(FORWARDER, f);
    long delay = retries.delayAfter(f);
    if (delay < 0) {
      running = false;
      String why =
          f.retriable()
              ? "forwarding failed " + retries.failures() + " times in a row: " + f.message()
              : "forwarding failed: " + f.message();
      fatal.stop(FORWARDER, new Failure(f.source(), Failure.Verdict.FATAL, why));
      return false;
    }
    log.error(
        "forwarding failed ({}); retry {} of {} in {} ms",
        f.message(),
        retries.failures(),
        retries.maxRetries(),
        delay);
    try {
      backOff(delay);
      return true;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private long timeoutFor(int attempts) {
    return receiptTimeoutMillis << Math.min(attempts - 1, MAX_TIMEOUT_DOUBLINGS);
  }

  /** Sends again, each on its own, the messages whose receipt is overdue. */
  private void resendOverdue(long gen) {
    Flight f = flight;
    long now = clock.millis();
    int resent = 0;
    long readings = 0;
    long nextTimeout = 0;
    for (Map.Entry<UplinkReceipt, Pending> e : f.awaiting.entrySet()) {
      Pending p = e.getValue();
      if (now - p.sentAt() < timeoutFor(p.attempts())) {
        continue;
      }
      UplinkReceipt r = e.getKey();
      List<QueuedEntry> entries = entriesOf(r);
      if (entries.isEmpty()) {
        f.settle(r); // the range left the queue meanwhile (a late receipt)
        continue;
      }
      // Replaced before sending, so a receipt for the copy finds it; the permit stays held.
      int carried = r.kind() == UplinkReceipt.Kind.READINGS ? entries.size() : 0;
      Pending again = new Pending(carried, now, p.attempts() + 1);
      if (!f.awaiting.replace(r, p, again)) {
        continue;
      }
      if (!publish(f, gen, r, entries)) {
        // Not handed to the client (a reconnect under way, its window full): still overdue, so
        // the next pass tries again instead of waiting a doubled timeout.
        f.awaiting.replace(r, again, p);
        continue;
      }
      resent++;
      readings += carried;
      nextTimeout = timeoutFor(p.attempts() + 1);
    }
    if (resent > 0) {
      listener.receiptsTimedOut(resent);
      listener.readingsResent(readings);
      log.warn(
          "uplink: no receipt in time for {} messages ({} readings): is the connector running and"
              + " Kafka reachable? Sent them again; next timeout {} ms",
          resent,
          readings,
          nextTimeout);
    }
  }

  /** What is still queued of a message's range. */
  private List<QueuedEntry> entriesOf(UplinkReceipt r) {
    int span = (int) Math.min(batchMax, r.last() - r.first() + 1);
    List<QueuedEntry> read =
        r.kind() == UplinkReceipt.Kind.READINGS
            ? queue.readReadings(r.first(), span)
            : queue.readRejects(r.first(), span);
    return read.stream().filter(e -> e.seq() <= r.last()).toList();
  }

  private void resumeFromOldestUnacknowledged(long gen) {
    long resent = flight.awaiting.values().stream().mapToLong(Pending::readings).sum();
    if (resent > 0) {
      listener.readingsResent(resent);
      log.info("uplink: resending {} readings that were sent but not acknowledged", resent);
    }
    long first = queue.firstReadingSeq();
    readingCursor = first >= 0 ? first : readingCursor;
    long firstReject = queue.firstRejectSeq();
    rejectCursor = firstReject >= 0 ? firstReject : rejectCursor;
    // Acknowledgements of the old flight will not free permits of the new one: start afresh.
    flight = newFlight();
    sentGeneration = gen;
    rewind = false;
    log.debug("forwarding from reading seq {} on connection {}", readingCursor, gen);
  }

  private boolean sendReadings(long gen) throws InterruptedException {
    Flight f = flight;
    Semaphore p = f.readingPermits;
    if (!p.tryAcquire(50, TimeUnit.MILLISECONDS)) {
      return false;
    }
    boolean sent = false;
    try {
      List<QueuedEntry> entries = queue.readReadings(readingCursor, batchMax);
      if (entries.isEmpty()
          || (entries.size() < batchMax
              && clock.millis() - entries.get(0).receivedAt() < lingerMillis)) {
        return false;
      }
      long from = entries.get(0).seq();
      long to = entries.get(entries.size() - 1).seq();
      UplinkReceipt receipt = new UplinkReceipt(UplinkReceipt.Kind.READINGS, from, to);
      f.awaiting.put(receipt, new Pending(entries.size(), clock.millis(), 1));
      sent = true; // the permit now belongs to the pending entry
      if (!publish(f, gen, receipt, entries)) {
        f.settle(receipt);
        pause(100);
        return false;
      }
      readingCursor = to + 1;
      lastReadingSent = Math.max(lastReadingSent, to);
      listener.inFlight(maxInFlight - p.availablePermits());
      return true;
    } finally {
      if (!sent) {
        p.release();
      }
    }
  }

  private boolean sendRejects(long gen) throws InterruptedException {
    boolean sent = false;
    for (QueuedEntry e : queue.readRejects(rejectCursor, REJECTS_PER_ROUND)) {
      Flight f = flight;
      if (!f.rejectPermits.tryAcquire()) {
        return sent;
      }
      UplinkReceipt receipt = new UplinkReceipt(UplinkReceipt.Kind.REJECTS, e.seq(), e.seq());
      f.awaiting.put(receipt, new Pending(0, clock.millis(), 1));
      if (!publish(f, gen, receipt, List.of(e))) {
        f.settle(receipt);
        return sent;
      }
      rejectCursor = e.seq() + 1;
      lastRejectSent = Math.max(lastRejectSent, e.seq());
      sent = true;
    }
    return sent;
  }

  /** Publishes a message of {@code f} (already in its {@code awaiting}); false if not sent. */
  private boolean publish(Flight f, long gen, UplinkReceipt receipt, List<QueuedEntry> entries) {
    String topic;
    byte[] payload;
    if (receipt.kind() == UplinkReceipt.Kind.READINGS) {
      List<byte[]> payloads = new ArrayList<>(entries.size());
      entries.forEach(e -> payloads.add(e.payload()));
      topic = uplink.topics().readings();
      payload = codec.encodeRaw(gatewayId, entries.get(0).seq(), payloads);
    } else {
      topic = uplink.topics().rejected();
      payload = entries.get(0).payload();
    }
    try {
      uplink.publish(
          topic,
          payload,
          false,
          trustBrokerAck ? null : receipt,
          new Acknowledgement(f, gen, receipt));
      return true;
    } catch (MqttException e) {
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
      // only means the range is sent again after the timeout, unless the queue is beyond use.
      Failure f = FailureClassifier.classify(e);
      listener.failed("receipt", f);
      if (!f.retriable()) {
        fatal.stop("receipt", f);
      } else {
        log.warn("uplink: receipt not applied: {}", f.message());
      }
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
    long lastSent = r.kind() == UplinkReceipt.Kind.READINGS ? lastReadingSent : lastRejectSent;
    if (r.last() > lastSent) {
      // Never sent by this process: deleting it could drop readings that are not in Kafka.
      listener.receiptRefused();
      log.warn("uplink: ignored a receipt for {} beyond what was sent ({})", r, lastSent);
      return;
    }
    // A receipt for a message of an earlier connection still removes its range: it is in Kafka
    // all the same, and a copy still in flight is a harmless duplicate.
    remove(r);
    Flight f = flight;
    Pending p = f.awaiting.get(r);
    if (p != null && f.settle(r)) {
      listener.receiptLatency(clock.millis() - p.sentAt());
    }
    wake();
  }

  /** The range is acknowledged: it leaves the queue, counted by what was still there. */
  private void remove(UplinkReceipt r) {
    if (r.kind() == UplinkReceipt.Kind.READINGS) {
      listener.readingsForwarded((int) queue.ackReadings(r.first(), r.last()));
    } else {
      listener.rejectsForwarded((int) queue.ackRejects(r.first(), r.last()));
    }
  }

  /** Like {@link #pause} but new data does not end it (it arrives with every commit); stop does. */
  private void backOff(long millis) throws InterruptedException {
    long left = TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      while (running && left > 0) {
        left = wake.awaitNanos(left);
      }
    } finally {
      lock.unlock();
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
   * step on the way to the receipt. A failure frees the permit and sends again from the queue head.
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
      if (trustBrokerAck) {
        Pending p = flight.awaiting.get(receipt);
        remove(receipt);
        if (p != null && flight.settle(receipt)) {
          listener.receiptLatency(clock.millis() - p.sentAt());
        }
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
