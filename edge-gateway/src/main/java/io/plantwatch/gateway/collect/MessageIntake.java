package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.ops.RateLimitedLog;
import io.plantwatch.gateway.queue.IntakeBatch;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.DeviceMessage;
import io.plantwatch.telemetry.DevicePayloadDecoder;
import io.plantwatch.telemetry.Identifiers;
import io.plantwatch.telemetry.Measurement;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.RejectedRecord;
import io.plantwatch.telemetry.Rejection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns site messages into queued readings. MQTT callback threads hand messages over through a
 * bounded queue (a full hand-off blocks the callback, which stops the broker from sending more);
 * one thread decodes them, checks them, assigns reading ids and writes each group of messages with
 * a single disk sync, then acknowledges the group to the site broker.
 */
public final class MessageIntake implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);
  private static final long EXPIRY_INTERVAL_MILLIS = 10_000;

  private final String gatewayId;
  private final List<Subscription> subscriptions;
  private final DevicePayloadDecoder decoder;
  private final ReadingChecks checks;
  private final DuplicateGuard duplicates;
  private final StoreAndForwardQueue queue;
  private final BatchCodec codec = new BatchCodec();
  private final int groupMax;
  private final int rejectedPayloadMax;
  private final IntakeListener listener;
  private final Runnable onCommitted;
  private final Clock clock;
  private final BlockingQueue<SiteMessage> handoff;
  private final RateLimitedLog rejectLog;
  private volatile boolean running = true;
  private long lastExpiry;

  public MessageIntake(
      String gatewayId,
      List<Subscription> subscriptions,
      DevicePayloadDecoder decoder,
      ReadingChecks checks,
      DuplicateGuard duplicates,
      StoreAndForwardQueue queue,
      int groupMax,
      int rejectedPayloadMax,
      IntakeListener listener,
      Runnable onCommitted,
      Clock clock) {
    this.gatewayId = gatewayId;
    this.subscriptions = List.copyOf(subscriptions);
    this.decoder = decoder;
    this.checks = checks;
    this.duplicates = duplicates;
    this.queue = queue;
    this.groupMax = groupMax;
    this.rejectedPayloadMax = rejectedPayloadMax;
    this.listener = listener;
    this.onCommitted = onCommitted;
    this.clock = clock;
    this.handoff = new ArrayBlockingQueue<>(Math.max(groupMax, 16) * 2);
    this.rejectLog = new RateLimitedLog(log, 10_000, clock);
    long now = clock.millis();
    if (duplicates.enabled()) {
      duplicates.restore(queue.fingerprintsSince(now - duplicates.windowMillis()));
    }
    lastExpiry = now;
  }

  /** Called on MQTT callback threads; blocks while the hand-off is full. */
  public void offer(SiteMessage message) throws InterruptedException {
    if (!running) {
      return; // not acknowledged: the site broker delivers it again after the restart
    }
    listener.messageReceived();
    handoff.put(message);
  }

  public int pending() {
    return handoff.size();
  }

  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    List<SiteMessage> group = new ArrayList<>(groupMax);
    while (running || !handoff.isEmpty()) {
      try {
        SiteMessage first = handoff.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          group.add(first);
          handoff.drainTo(group, groupMax - 1);
          process(group);
          group.clear();
        }
        expireFingerprints();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Decodes, checks and durably queues one group of messages, then acknowledges them. */
  public void process(List<SiteMessage> group) throws InterruptedException {
    long start = System.nanoTime();
    IntakeBatch batch = new IntakeBatch();
    List<ReasonCode> rejectedReasons = new ArrayList<>();
    for (SiteMessage m : group) {
      for (Rejection r : toBatch(m, batch)) {
        batch.addReject(
            m.receivedAt(),
            RejectedRecord.of(
                    gatewayId, m.topic(), r, m.receivedAt(), m.payload(), rejectedPayloadMax)
                .toJson());
        rejectedReasons.add(r.reason());
        rejectLog.warn(r.reason().wireName(), "rejected message on '" + m.topic() + "': " + r);
      }
    }
    commitWithRetry(batch);
    for (SiteMessage m : group) {
      m.ack().run();
    }
    listener.readingsQueued(batch.readingCount());
    rejectedReasons.forEach(listener::rejected);
    listener.committed(group.size(), System.nanoTime() - start);
    onCommitted.run();
  }

  private List<Rejection> toBatch(SiteMessage m, IntakeBatch batch) {
    Subscription sub = null;
    TopicTemplate.Origin origin = null;
    for (Subscription s : subscriptions) {
      origin = s.template().match(m.topic());
      if (origin != null) {
        sub = s;
        break;
      }
    }
    if (sub == null) {
      return List.of(
          new Rejection(ReasonCode.TOPIC_MISMATCH, "topic matches no configured template"));
    }
    for (String[] field :
        new String[][] {
          {"site", origin.site()}, {"line", origin.line()}, {"machine", origin.machine()}
        }) {
      String problem = Identifiers.problem(field[0], field[1]);
      if (problem != null) {
        return List.of(new Rejection(ReasonCode.INVALID_IDENTIFIER, "topic level " + problem));
      }
    }
    Decoded<DeviceMessage> decoded =
        decoder.decode(sub.format(), origin.metric(), m.payload(), m.receivedAt());
    if (!decoded.isAccepted()) {
      return List.of(decoded.rejection());
    }
    List<Rejection> rejections = new ArrayList<>();
    for (DeviceMessage.MetricRejection r : decoded.value().rejected()) {
      rejections.add(
          new Rejection(
              r.rejection().reason(), "metric '" + r.metric() + "': " + r.rejection().detail()));
    }
    for (Measurement measurement : decoded.value().measurements()) {
      Rejection problem = checks.check(measurement);
      if (problem != null) {
        rejections.add(problem);
        continue;
      }
      long fp =
          DuplicateGuard.fingerprint(
              origin.site(),
              origin.line(),
              origin.machine(),
              measurement.metric(),
              measurement.ts(),
              measurement.value());
      if (duplicates.enabled()) {
        if (duplicates.isDuplicate(fp, m.receivedAt())) {
          rejections.add(
              new Rejection(
                  ReasonCode.DUPLICATE,
                  "metric '"
                      + measurement.metric()
                      + "' at ts "
                      + measurement.ts()
                      + " was already queued"));
          continue;
        }
        duplicates.remember(fp, m.receivedAt());
        batch.addFingerprint(fp, m.receivedAt());
      }
      long seq = queue.nextSeq();
      Reading reading =
          new Reading(
              Reading.idOf(gatewayId, seq),
              origin.site(),
              origin.line(),
              origin.machine(),
              measurement.metric(),
              measurement.unit(),
              measurement.value(),
              measurement.ts(),
              gatewayId,
              m.receivedAt());
      batch.addReading(seq, m.receivedAt(), codec.encodeReading(reading));
    }
    return rejections;
  }

  private void commitWithRetry(IntakeBatch batch) throws InterruptedException {
    long delay = 100;
    while (true) {
      try {
        queue.commit(batch);
        return;
      } catch (StoreAndForwardQueue.QueueException e) {
        // The messages stay unacknowledged, so nothing is lost; the broker holds the rest back.
        log.error("queue write failed, retrying in {} ms: {}", delay, e.getMessage());
        Thread.sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private void expireFingerprints() {
    long now = clock.millis();
    if (now - lastExpiry >= EXPIRY_INTERVAL_MILLIS && duplicates.enabled()) {
      queue.expireFingerprints(duplicates.expire(now));
      lastExpiry = now;
    }
  }
}
