package io.plantwatch.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.gateway.collect.DuplicateGuard;
import io.plantwatch.gateway.collect.MessageIntake;
import io.plantwatch.gateway.collect.ReadingChecks;
import io.plantwatch.gateway.collect.SiteClient;
import io.plantwatch.gateway.collect.SiteConnection;
import io.plantwatch.gateway.collect.Subscription;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.TopicTemplate;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.forward.GatewayStatus;
import io.plantwatch.gateway.forward.UplinkClient;
import io.plantwatch.gateway.forward.UplinkForwarder;
import io.plantwatch.gateway.ops.GatewayMetrics;
import io.plantwatch.gateway.ops.HealthServer;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.CanonicalUnits;
import io.plantwatch.telemetry.CodecLimits;
import io.plantwatch.telemetry.DevicePayloadDecoder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge gateway: site broker → intake (decode, check, id, durable queue) → forwarder → uplink
 * broker, with status heartbeats, health and metrics. A component that cannot carry on (see {@link
 * io.plantwatch.gateway.failure.FailureClassifier}) makes the gateway stop on its own, in the
 * orderly way of {@link #close()}, with the reason in the log, in {@code /health} until then, and
 * in {@link #failure()}; {@code gateway run} then exits non-zero for its supervisor to restart it.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GatewayConfig config;
  private final Clock clock;
  private final long startedAt;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final StoreAndForwardQueue queue;
  private final MessageIntake intake;
  private final UplinkForwarder forwarder;
  private final UplinkClient uplink;
  private final SiteClient site;
  private final Thread intakeThread;
  private final Thread forwarderThread;
  private final ScheduledExecutorService heartbeat;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<String> failure = new AtomicReference<>();
  private HealthServer health;
  private volatile boolean closed;

  public Gateway(GatewayConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.startedAt = clock.millis();
    queue =
        StoreAndForwardQueue.open(
            Path.of(config.queue().directory()), config.queue().maxBytes(), clock, metrics);
    List<Subscription> subscriptions =
        config.site().subscriptions().stream()
            .map(s -> new Subscription(TopicTemplate.parse(s.template(), s.format()), s.format()))
            .toList();
    GatewayConfig.Validation v = config.validation();
    DevicePayloadDecoder decoder =
        new DevicePayloadDecoder(
            new CodecLimits(v.maxPayloadBytes(), v.maxFutureSkew(), v.maxPastSkew()),
            new CanonicalUnits(config.units()),
            clock);
    uplink = new UplinkClient(config.uplink(), config.id(), clock, gen -> wakeForwarder());
    forwarder =
        new UplinkForwarder(
            queue, uplink, config.id(), config.uplink(), metrics, this::stopOnFailure, clock);
    intake =
        new MessageIntake(
            config.id(),
            subscriptions,
            decoder,
            new ReadingChecks(v),
            new DuplicateGuard(v.duplicateWindow(), 2_000_000),
            queue,
            config.queue(),
            config.uplink().rejectedPayloadMaxBytes(),
            metrics,
            forwarder::wake,
            this::stopOnFailure,
            clock);
    site = SiteConnection.create(config.site(), subscriptions, intake, clock);
    metrics.bind(
        queue::readingCount,
        queue::bytes,
        () -> queue.oldestAgeMillis() / 1000.0,
        uplink::isConnected,
        site::isConnected);
    metrics.bindAwaiting(
        forwarder::awaitingMessages, () -> forwarder.oldestAwaitingMillis() / 1000.0);
    intakeThread = new Thread(intake, "intake");
    forwarderThread = new Thread(forwarder, "forwarder");
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  private void wakeForwarder() {
    if (forwarder != null) {
      forwarder.wake();
    }
    publishStatus();
  }

  public void start() throws Exception {
    intakeThread.start();
    forwarderThread.start();
    uplink.start();
    site.start();
    long every = config.uplink().heartbeatInterval().toMillis();
    heartbeat.scheduleAtFixedRate(this::publishStatus, every, every, TimeUnit.MILLISECONDS);
    if (config.httpPort() > 0) {
      health = new HealthServer(config.httpPort(), this::health, metrics::scrape);
    }
    log.info(
        "gateway {} started: site {} {} → uplink {} as {}, queue {}",
        config.id(),
        config.site().broker().uri(),
        config.site().subscriptions().stream()
            .map(GatewayConfig.SubscriptionConfig::template)
            .toList(),
        config.uplink().broker().uri(),
        uplink.topics().readings(),
        queue.directory());
  }

  private void publishStatus() {
    if (uplink != null) {
      uplink.publishStatus(
          GatewayStatus.online(
              config.id(),
              clock.millis(),
              queue.readingCount(),
              queue.oldestAgeMillis(),
              startedAt));
    }
  }

  /**
   * A component gave up: stop, on a thread of its own, since the component's thread is one that
   * {@link #close()} waits for (and not under this object's lock, which a running close() holds).
   * The first failure is the one reported.
   */
  private void stopOnFailure(String component, Failure f) {
    if (closed || !failure.compareAndSet(null, component + ": " + f.message())) {
      return;
    }
    log.error(
        "gateway {} stops: {}. Queued readings stay on disk and unacknowledged site messages with"
            + " the site broker; both are taken up again at the next start",
        config.id(),
        failure.get());
    Thread stopper =
        new Thread(
            () -> {
              try {
                close();
              } catch (Exception e) {
                log.error(
                    "gateway {}: unclean stop after a failure: {}", config.id(), e.toString());
              }
            },
            "stop-on-failure");
    stopper.start();
  }

  /** Why the gateway stopped on its own, or null. */
  public String failure() {
    return failure.get();
  }

  /** Waits until the gateway is closed, by {@link #close()} or after a failure. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  public HealthServer.Health health() {
    ObjectNode n = JSON.createObjectNode();
    String failed = failure.get();
    boolean siteUp = site.isConnected() && failed == null;
    boolean uplinkUp = uplink.isConnected();
    n.put("gateway", config.id());
    n.put("status", failed != null ? "FAILED" : siteUp && uplinkUp ? "UP" : "DEGRADED");
    if (failed != null) {
      n.put("failure", failed);
    }
    n.putObject("site").put("connected", siteUp).put("lastError", site.lastError());
    n.putObject("uplink")
        .put("connected", uplinkUp)
        .put("lastError", uplink.lastError())
        .put("awaitingReceipt", forwarder.awaitingMessages())
        .put("oldestAwaitingReceiptMs", forwarder.oldestAwaitingMillis());
    n.putObject("queue")
        .put("readings", queue.readingCount())
        .put("rejects", queue.rejectCount())
        .put("bytes", queue.bytes())
        .put("oldestAgeMs", queue.oldestAgeMillis());
    // Degraded, not down: the gateway keeps collecting while the uplink is away.
    return new HealthServer.Health(siteUp, n.toString());
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public StoreAndForwardQueue queue() {
    return queue;
  }

  public boolean siteConnected() {
    return site.isConnected();
  }

  public boolean uplinkConnected() {
    return uplink.isConnected();
  }

  public String siteError() {
    return site.lastError();
  }

  public String uplinkError() {
    return uplink.lastError();
  }

  public int healthPort() {
    return health == null ? 0 : health.port();
  }

  /**
   * Stops as a killed process would, for fault tests in one JVM: connections dropped without
   * DISCONNECT (the uplink broker publishes the will), nothing drained, no acknowledgement waited
   * for, messages in the hand-off neither queued nor acknowledged (the site broker redelivers
   * them). Only what the queue committed survives, which is exactly what survives a SIGKILL (the
   * queue's commits are fsync'd); the queue is then closed so the next gateway can open it.
   */
  public synchronized void crash() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    log.warn("gateway {} crashing (fault injection)", config.id());
    try {
      if (health != null) {
        health.close();
      }
      heartbeat.shutdownNow();
      site.abort();
      uplink.abort();
      intake.stop();
      intakeThread.interrupt();
      forwarder.stop();
      forwarderThread.interrupt();
      intakeThread.join(10_000);
      forwarderThread.join(10_000);
      queue.close();
    } finally {
      stopped.countDown();
    }
  }

  /**
   * Stops in the order that loses nothing: stop taking site messages and queue what was handed
   * over, disconnect from the site, let in-flight batches be acknowledged, mark the gateway
   * offline, close the queue.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    log.info("gateway {} stopping", config.id());
    try {
      if (health != null) {
        health.close();
      }
      heartbeat.shutdownNow();
      intake.stop();
      intakeThread.join(30_000);
      site.close();
      if (!forwarder.awaitAcknowledged(5_000)) {
        log.info("stopping with unacknowledged batches; they are resent at the next start");
      }
      forwarder.stop();
      forwarderThread.join(10_000);
      uplink.close();
      long left = queue.readingCount();
      queue.close();
      log.info("gateway {} stopped; {} readings stay queued for the next start", config.id(), left);
    } finally {
      stopped.countDown();
    }
  }
}
