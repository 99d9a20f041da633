package io.plantwatch.gateway.bench;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.gateway.Gateway;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.queue.IntakeBatch;
import io.plantwatch.gateway.queue.QueueListener;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.PayloadFormat;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.UplinkReceipt;
import io.plantwatch.testsupport.MosquittoBroker;
import io.plantwatch.testsupport.TempDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Gateway throughput against real Mosquitto brokers, with the ceiling measured in the same run:
 *
 * <ol>
 *   <li>baseline: the same device messages through one Mosquitto to a bare Paho subscriber;
 *   <li>the gateway: site Mosquitto → gateway (decode, check, queue with fsync, batch) → uplink
 *       Mosquitto → subscriber decoding the envelopes;
 *   <li>the queue alone: the write cost per reading with group commit, and with a sync per reading
 *       for comparison.
 * </ol>
 *
 * Options: {@code --messages N} (default 20000), {@code --metrics K} per message (default 5).
 */
public final class GatewayBench {
  public static void main(String[] args) throws Exception {
    int messages = 20_000;
    int metrics = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--messages" -> messages = Integer.parseInt(args[i + 1]);
        case "--metrics" -> metrics = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> names =
        List.of("temperature", "vibration", "pressure", "current", "speed").subList(0, metrics);
    System.out.printf(
        "gateway benchmark: %d messages x %d metrics = %d readings, %d cores%n",
        messages, metrics, messages * metrics, Runtime.getRuntime().availableProcessors());
    try (MosquittoBroker site = new MosquittoBroker();
        MosquittoBroker uplink = new MosquittoBroker()) {
      site.start();
      uplink.start();
      double baseline = baseline(site, messages, names);
      double gateway = throughGateway(site, uplink, messages, names);
      System.out.printf(
          "%-44s %12.0f readings/s%n", "baseline: Mosquitto -> bare Paho subscriber", baseline);
      System.out.printf(
          "%-44s %12.0f readings/s  (%.2f of baseline)%n",
          "gateway: site -> queue -> uplink -> decoder", gateway, gateway / baseline);
    }
    intakeCeiling(messages, names);
    queueCost();
  }

  /**
   * Decode, check, id and durable queueing of the same traffic, without MQTT: the gateway's own
   * ceiling.
   */
  private static void intakeCeiling(int messages, List<String> metrics) throws Exception {
    List<FleetSimulator.Message> traffic = traffic(messages, metrics);
    Path dir = TempDirs.create("bench-intake");
    GatewayConfig d = GatewayConfig.defaults();
    try (StoreAndForwardQueue q =
        StoreAndForwardQueue.open(dir, 1L << 32, Clock.systemUTC(), QueueListener.NONE)) {
      io.plantwatch.gateway.collect.MessageIntake intake =
          new io.plantwatch.gateway.collect.MessageIntake(
              "bench",
              List.of(
                  new io.plantwatch.gateway.collect.Subscription(
                      io.plantwatch.gateway.config.TopicTemplate.parse(
                          "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI),
                      PayloadFormat.JSON_MULTI)),
              new io.plantwatch.telemetry.DevicePayloadDecoder(
                  io.plantwatch.telemetry.CodecLimits.defaults(),
                  new io.plantwatch.telemetry.CanonicalUnits(d.units()),
                  Clock.systemUTC()),
              new io.plantwatch.gateway.collect.ReadingChecks(d.validation()),
              new io.plantwatch.gateway.collect.DuplicateGuard(Duration.ofMinutes(10), 2_000_000),
              q,
              d.queue(),
              4096,
              new io.plantwatch.gateway.ops.GatewayMetrics(),
              () -> {},
              (component, failure) -> {
                throw new IllegalStateException(component + ": " + failure.message());
              },
              Clock.systemUTC());
      long now = System.currentTimeMillis();
      long start = System.nanoTime();
      for (int i = 0; i < traffic.size(); i += 1000) {
        List<io.plantwatch.gateway.collect.SiteMessage> group = new java.util.ArrayList<>(1000);
        for (FleetSimulator.Message m : traffic.subList(i, Math.min(i + 1000, traffic.size()))) {
          group.add(
              new io.plantwatch.gateway.collect.SiteMessage(m.topic(), m.payload(), now, () -> {}));
        }
        intake.process(group);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%-44s %12.0f readings/s  (%d queued)%n",
          "gateway core without MQTT: decode+check+queue",
          q.readingCount() / seconds,
          q.readingCount());
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  private static List<FleetSimulator.Message> traffic(int messages, List<String> metrics) {
    int machines = 100;
    FleetSimulator sim =
        new FleetSimulator(
            "bench",
            "line",
            FleetSimulator.machineNames("m", machines),
            metrics,
            10,
            0,
            false,
            messages / machines,
            1);
    List<FleetSimulator.Message> out = new java.util.ArrayList<>(messages);
    long now = System.currentTimeMillis();
    for (int t = 0; out.size() < messages; t++) {
      out.addAll(sim.tick(t, now - 3_600_000L + t * 100L));
    }
    return out.subList(0, messages);
  }

  private static double baseline(MosquittoBroker broker, int messages, List<String> metrics)
      throws Exception {
    List<FleetSimulator.Message> traffic = traffic(messages, metrics);
    Counter sub = new Counter(broker.uri(), "bench-baseline-sub", "plant/+/+/+/telemetry", false);
    long start = System.nanoTime();
    try (DevicePublisher pub =
        new DevicePublisher(broker.uri(), "bench-baseline-pub", null, null, null, null, 64)) {
      for (FleetSimulator.Message m : traffic) {
        pub.publish(m.topic(), m.payload(), () -> {});
      }
      sub.await(messages, Duration.ofMinutes(5));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sub.close();
    return messages * metrics.size() / seconds;
  }

  private static double throughGateway(
      MosquittoBroker site, MosquittoBroker uplink, int messages, List<String> metrics)
      throws Exception {
    List<FleetSimulator.Message> traffic = traffic(messages, metrics);
    Path queue = TempDirs.create("bench-queue");
    GatewayConfig d = GatewayConfig.defaults();
    GatewayConfig config =
        new GatewayConfig(
            "bench",
            new GatewayConfig.Site(
                broker(site.uri(), "bench-site"),
                List.of(
                    new GatewayConfig.SubscriptionConfig(
                        "plant/{site}/{line}/{machine}/telemetry", PayloadFormat.JSON_MULTI)),
                "5",
                1000),
            new GatewayConfig.Uplink(
                broker(uplink.uri(), "bench-uplink"),
                "plantwatch/uplink",
                500,
                Duration.ofMillis(100),
                16,
                Duration.ofSeconds(10),
                4096,
                false,
                UplinkReceipt.DEFAULT_TIMEOUT,
                d.uplink().forwardRetry()),
            new GatewayConfig.Queue(queue.toString(), 1L << 30, 1000, d.queue().commitRetry()),
            new GatewayConfig.Validation(
                List.of(),
                Map.of(),
                Duration.ofMinutes(10),
                256 * 1024,
                Duration.ofMinutes(5),
                Duration.ofDays(7)),
            d.units(),
            0);
    Counter sub =
        new Counter(uplink.uri(), "bench-uplink-sub", "plantwatch/uplink/+/readings", true);
    try (Gateway gateway = new Gateway(config, Clock.systemUTC())) {
      gateway.start();
      while (!(gateway.siteConnected() && gateway.uplinkConnected())) {
        Thread.sleep(50);
      }
      long start = System.nanoTime();
      try (DevicePublisher pub =
          new DevicePublisher(site.uri(), "bench-gw-pub", null, null, null, null, 64)) {
        for (FleetSimulator.Message m : traffic) {
          pub.publish(m.topic(), m.payload(), () -> {});
        }
        sub.await((long) messages * metrics.size(), Duration.ofMinutes(5));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  gateway queue commits: %s%n",
          gateway
              .metrics()
              .scrape()
              .lines()
              .filter(l -> l.startsWith("gateway_queue_commit_seconds_"))
              .toList());
      return messages * metrics.size() / seconds;
    } finally {
      sub.close();
      TempDirs.deleteRecursively(queue);
    }
  }

  private static void queueCost() {
    Path dir = TempDirs.create("bench-queue-cost");
    BatchCodec codec = new BatchCodec();
    try (StoreAndForwardQueue q =
        StoreAndForwardQueue.open(dir, 1L << 32, Clock.systemUTC(), QueueListener.NONE)) {
      double grouped = commitCost(q, codec, 500, 200);
      double single = commitCost(q, codec, 1, 2000);
      System.out.printf(
          "%-44s %12.2f us/reading%n", "queue write, group commit of 500 readings", grouped);
      System.out.printf(
          "%-44s %12.2f us/reading  (%.0fx the grouped cost)%n",
          "queue write, one sync per reading", single, single / grouped);
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  private static double commitCost(
      StoreAndForwardQueue q, BatchCodec codec, int perBatch, int batches) {
    long start = System.nanoTime();
    for (int b = 0; b < batches; b++) {
      IntakeBatch batch = new IntakeBatch();
      for (int i = 0; i < perBatch; i++) {
        long seq = q.nextSeq();
        Reading r =
            new Reading(
                "bench-" + seq,
                "site",
                "line",
                "machine-42",
                "vibration",
                "mm/s",
                3.1,
                1_700_000_000_000L + seq,
                "bench",
                1_700_000_000_000L);
        batch.addReading(seq, r.receivedAt(), codec.encodeReading(r));
        batch.addFingerprint(seq * 31, r.receivedAt());
      }
      q.commit(batch);
    }
    return (System.nanoTime() - start) / 1e3 / ((double) perBatch * batches);
  }

  private static GatewayConfig.Broker broker(String uri, String clientId) {
    return GatewayConfig.Broker.of(uri, clientId, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /** Counts messages, or the readings inside uplink envelopes. */
  private static final class Counter implements MqttCallback, AutoCloseable {
    private final MqttAsyncClient client;
    private final boolean envelopes;
    private final AtomicLong count = new AtomicLong();
    private final BatchCodec codec = new BatchCodec();

    Counter(String uri, String id, String filter, boolean envelopes) throws MqttException {
      this.envelopes = envelopes;
      client = new MqttAsyncClient(uri, id, new MemoryPersistence());
      client.setCallback(this);
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setReceiveMaximum(1000);
      // The same socket settings as the gateway's, so the baseline is a fair ceiling.
      o.setSocketFactory(new io.plantwatch.telemetry.NoDelaySocketFactory(null));
      o.setCleanStart(false);
      o.setSessionExpiryInterval(3600L);
      client.connect(o).waitForCompletion(10_000);
      client
          .subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)})
          .waitForCompletion(10_000);
    }

    void await(long n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (count.get() < n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (count.get() < n) {
        throw new IllegalStateException("only " + count.get() + " of " + n + " arrived");
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      count.addAndGet(envelopes ? codec.decode(message.getPayload()).value().readings().size() : 1);
    }

    @Override
    public void disconnected(MqttDisconnectResponse r) {}

    @Override
    public void mqttErrorOccurred(MqttException e) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}

    @Override
    public void close() throws MqttException {
      client.disconnect().waitForCompletion(5_000);
      client.close(true);
    }
  }
}
