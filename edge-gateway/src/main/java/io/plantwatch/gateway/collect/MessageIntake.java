package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.TopicTemplate;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.failure.FailureClassifier;
import io.plantwatch.gateway.failure.FatalFailure;
import io.plantwatch.gateway.failure.FatalFailures;
import io.plantwatch.gateway.queue.IntakeBatch;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Decoded;
import io.plantwatch.telemetry.DeviceMessage;
import io.plantwatch.telemetry.DevicePayloadDecoder;
import io.plantwatch.telemetry.Identifiers;
import io.plantwatch.telemetry.Measurement;
import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.RejectedRecord;
import io.plantwatch.telemetry.Rejection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns site messages into queued readings. MQTT callback threads hand messages over through a
 * bounded queue (a full hand-off blocks the callback, which stops the broker from sending more);
 * one thread decodes them, checks them, assigns reading ids and writes each group of messages with
 * a single disk sync, then acknowledges the group to the site broker. If the queue cannot be
 * written (see {@link GroupCommit}) or the intake itself fails, the intake stops without
 * acknowledging anything more and reports to {@link FatalFailures}: the gateway stops, and the site
 * broker keeps what was not acknowledged.
 */
public final class MessageIntake implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);
  private static final long EXPIRY_INTERVAL_MILLIS = 10_000;
  private static final String INTAKE = "intake";

  private final String gatewayId;
  private final List<Subscription> subscriptions;
  private final DevicePayloadDecoder decoder;
  private final ReadingChecks checks;
  private final DuplicateGuard duplicates;
  private final StoreAndForwardQueue queue;
  private final GroupCommit commit;
  private final BatchCodec codec = new BatchCodec();
  private final int groupMax;
  private final int rejectedPayloadMax;
  private final IntakeListener listener;
  private final Runnable onCommitted;
  private final FatalFailures fatal;
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
      GatewayConfig.Queue queueConfig,
      int rejectedPayloadMax,
      IntakeListener listener,
      Runnable onCommitted,
      FatalFailures fatal,
      Clock clock) {
    this.gatewayId = gatewayId;
    this.subscriptions = List.copyOf(subscriptions);
    this.decoder = decoder;
    this.checks = checks;
    this.duplicates = duplicates;
    this.queue = queue;
    this.commit = new GroupCommit(queue::commit, queueConfig.commitRetry(), listener);
    this.groupMax = queueConfig.groupCommitMaxMessages();
    this.rejectedPayloadMax = rejectedPayloadMax;
    this.listener = listener;
    this.onCommitted = onCommitted;
    this.fatal = fatal;
    this.clock = clock;
    this.handoff = new ArrayBlockingQueue<>(Math.max(groupMax, 16) * 2);
    this.rejectLog = new RateLimitedLog(log, 10_000, clock);
    long now = clock.millis();
    if (duplicates.enabled()) {
      queue.fingerprintsSince(now - duplicates.windowMillis(), duplicates::remember);
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
      } catch (FatalFailure e) {
        giveUp(e.component(), e.failure());
        return;
      } catch (RuntimeException e) {
        // A bug or data the intake did not expect: retrying the group would repeat it.
        Failure f = FailureClassifier.classify(e);
        listener.failed(INTAKE, f);
        log.error("intake failed", e);
        giveUp(INTAKE, new Failure(f.source(), Failure.Verdict.FATAL, "intake: " + f.message()));
        return;
      }
    }
  }

  /**
   * Stops taking messages, unacknowledged: the callback threads blocked on the full hand-off are
   * released, and the site broker delivers everything not acknowledged again after the restart.
   */
  private void giveUp(String component, Failure failure) {
    running = false;
    handoff.clear();
    fatal.stop(component, failure);
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
    commit.commit(batch);
    for (SiteMessage m : group) {
      m.ack().run();
    }
    listener.readingsQueued(batch.readingCount());
    rejectedReasons.forEach(listener::rejected);
    listener.committed(group.size(), System.nanoTime() - start);
    onCommitted.run();
  }

  /**
   * The checks of one site message, in order; the first that refuses it decides the reason. A
   * message with several metrics is then checked metric by metric, and only bad metrics are
   * refused. Accepted readings get their ids and go into {@code batch}.
   */
  private List<Rejection> toBatch(SiteMessage m, IntakeBatch batch) {
    Optional<Matched> matched = matchingTemplate(m.topic()); // topic_mismatch
    if (matched.isEmpty()) {
      return List.of(
          new Rejection(ReasonCode.TOPIC_MISMATCH, "topic matches no configured template"));
    }
    TopicTemplate.Origin origin = matched.get().origin();
    Rejection badLevel = invalidTopicLevel(origin); // invalid_identifier
    if (badLevel != null) {
      return List.of(badLevel);
    }
    Decoded<DeviceMessage> decoded = // the codec's reasons: format, size, time, unit
        decoder.decode(matched.get().format(), origin.metric(), m.payload(), m.receivedAt());
    if (!decoded.isAccepted()) {
      return List.of(decoded.rejection());
    }
    List<Rejection> rejections = refusedMetrics(decoded.value()); // the codec's, per metric
    for (Measurement measurement : decoded.value().measurements()) {
      long fp = fingerprint(origin, measurement);
      Rejection problem = checks.check(measurement); // unknown_metric, out_of_range
      if (problem == null) {
        problem = duplicateOf(measurement, fp, m.receivedAt()); // duplicate
      }
      if (problem != null) {
        rejections.add(problem);
      } else {
        queue(origin, measurement, fp, m.receivedAt(), batch);
      }
    }
    return rejections;
  }

  /** A message's topic matched to the first configured template that fits. */
  private record Matched(TopicTemplate.Origin origin, PayloadFormat format) {}

  private Optional<Matched> matchingTemplate(String topic) {
    for (Subscription s : subscriptions) {
      TopicTemplate.Origin origin = s.template().match(topic);
      if (origin != null) {
        return Optional.of(new Matched(origin, s.format()));
      }
    }
    return Optional.empty();
  }

  /** Site, line and machine must be identifiers the rest of the pipeline can carry. */
  private static Rejection invalidTopicLevel(TopicTemplate.Origin origin) {
    for (String[] field :
        new String[][] {
          {"site", origin.site()}, {"line", origin.line()}, {"machine", origin.machine()}
        }) {
      String problem = Identifiers.problem(field[0], field[1]);
      if (problem != null) {
        return new Rejection(ReasonCode.INVALID_IDENTIFIER, "topic level " + problem);
      }
    }
    return null;
  }

  /** The metrics the codec refused within an otherwise readable message. */
  private static List<Rejection> refusedMetrics(DeviceMessage message) {
    List<Rejection> rejections = new ArrayList<>();
    for (DeviceMessage.MetricRejection r : message.rejected()) {
      rejections.add(
          new Rejection(
              r.rejection().reason(), "metric '" + r.metric() + "': " + r.rejection().detail()));
    }
    return rejections;
  }

  private static long fingerprint(TopicTemplate.Origin origin, Measurement m) {
    return DuplicateGuard.fingerprint(
        origin.site(), origin.line(), origin.machine(), m.metric(), m.ts(), m.value());
  }

  /** A reading already queued within the duplicate window: an MQTT redelivery. */
  private Rejection duplicateOf(Measurement m, long fingerprint, long receivedAt) {
    if (!duplicates.enabled() || !duplicates.isDuplicate(fingerprint, receivedAt)) {
      return null;
    }
    return new Rejection(
        ReasonCode.DUPLICATE,
        "metric '" + m.metric() + "' at ts " + m.ts() + " was already queued");
  }

  /** Gives an accepted measurement its reading id and adds it to the group. */
  private void queue(
      TopicTemplate.Origin origin,
      Measurement measurement,
      long fingerprint,
      long receivedAt,
      IntakeBatch batch) {
    if (duplicates.enabled()) {
      duplicates.remember(fingerprint, receivedAt);
      batch.addFingerprint(fingerprint, receivedAt);
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
            receivedAt);
    batch.addReading(seq, receivedAt, codec.encodeReading(reading));
  }

  private void expireFingerprints() {
    long now = clock.millis();
    if (now - lastExpiry >= EXPIRY_INTERVAL_MILLIS && duplicates.enabled()) {
      lastExpiry = now;
      try {
        queue.expireFingerprints(duplicates.expire(now));
      } catch (StoreAndForwardQueue.QueueException e) {
        Failure f = FailureClassifier.classify(e);
        listener.failed(INTAKE, f);
        if (!f.retriable()) {
          throw new FatalFailure(INTAKE, f, e);
        }
        // Expired fingerprints left behind only cost space until the next expiry round.
        log.warn(
            "fingerprint expiry failed ({}); tried again in {} ms",
            f.message(),
            EXPIRY_INTERVAL_MILLIS);
      }
    }
  }
}
