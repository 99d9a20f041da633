package io.plantwatch.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantwatch.gateway.collect.IntakeListener;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.forward.ForwardListener;
import io.plantwatch.gateway.queue.QueueListener;
import io.plantwatch.telemetry.ReasonCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's metrics, in Prometheus form at {@code /metrics}. Rates (readings/s) come from
 * {@code rate()} over the counters.
 */
public final class GatewayMetrics implements IntakeListener, ForwardListener, QueueListener {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter messagesIn =
      Counter.builder("gateway_site_messages_received").register(registry);
  private final Counter readingsIn =
      Counter.builder("gateway_readings_queued")
          .description("readings accepted and durably queued")
          .register(registry);
  private final Counter readingsOut =
      Counter.builder("gateway_readings_forwarded")
          .description(
              "readings in Kafka by the connector's receipt (or acknowledged by a trusted uplink broker)")
          .register(registry);
  private final Counter rejectsOut =
      Counter.builder("gateway_rejects_forwarded").register(registry);
  private final Counter resent =
      Counter.builder("gateway_readings_resent")
          .description("readings sent again after a reconnect or a receipt timeout")
          .register(registry);
  private final Counter overflowReadings =
      Counter.builder("gateway_queue_dropped_readings")
          .description("oldest readings dropped because the queue was full")
          .register(registry);
  private final Counter overflowRejects =
      Counter.builder("gateway_queue_dropped_rejects").register(registry);
  private final Counter corruptions =
      Counter.builder("gateway_queue_corruptions_recovered").register(registry);
  private final Timer commits =
      Timer.builder("gateway_queue_commit")
          .description("one group commit: decode, check, write and sync")
          .register(registry);
  private final Counter receiptTimeouts =
      Counter.builder("gateway_uplink_receipt_timeouts")
          .description("messages without a receipt in time, sent again (connector or Kafka away)")
          .register(registry);
  private final Counter receiptsRefused =
      Counter.builder("gateway_uplink_receipts_refused")
          .description("messages on the receipts topic that were not receipts")
          .register(registry);
  private final Timer receiptLatency =
      Timer.builder("gateway_uplink_receipt_latency")
          .description("from sending a batch to its receipt: the batch is in Kafka")
          .register(registry);
  private final Map<ReasonCode, Counter> rejects = new EnumMap<>(ReasonCode.class);
  private final AtomicInteger inFlight = new AtomicInteger();

  public GatewayMetrics() {
    for (ReasonCode r : ReasonCode.values()) {
      rejects.put(
          r, Counter.builder("gateway_rejects").tag("reason", r.wireName()).register(registry));
    }
    Gauge.builder("gateway_uplink_in_flight_messages", inFlight, AtomicInteger::get)
        .register(registry);
    // Present at zero from the start, so rate() and alerts see them before the first failure.
    for (String component : List.of("queue_commit", "forwarder", "intake", "receipt")) {
      for (Failure.Verdict verdict : Failure.Verdict.values()) {
        failureCounter(component, verdict);
      }
    }
  }

  /** Registers gauges read from the running gateway. */
  public void bind(
      Supplier<Number> queueReadings,
      Supplier<Number> queueBytes,
      Supplier<Number> oldestAgeSeconds,
      Supplier<Boolean> uplinkConnected,
      Supplier<Boolean> siteConnected) {
    Gauge.builder("gateway_queue_depth", () -> queueReadings.get()).register(registry);
    Gauge.builder("gateway_queue_bytes", () -> queueBytes.get()).register(registry);
    Gauge.builder("gateway_queue_oldest_age_seconds", () -> oldestAgeSeconds.get())
        .register(registry);
    Gauge.builder("gateway_uplink_connected", () -> uplinkConnected.get() ? 1 : 0)
        .register(registry);
    Gauge.builder("gateway_site_connected", () -> siteConnected.get() ? 1 : 0).register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void messageReceived() {
    messagesIn.increment();
  }

  @Override
  public void readingsQueued(int count) {
    readingsIn.increment(count);
  }

  @Override
  public void rejected(ReasonCode reason) {
    rejects.get(reason).increment();
  }

  @Override
  public void committed(int messages, long nanos) {
    commits.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void readingsForwarded(int count) {
    readingsOut.increment(count);
  }

  @Override
  public void rejectsForwarded(int count) {
    rejectsOut.increment(count);
  }

  @Override
  public void readingsResent(long count) {
    resent.increment(count);
  }

  @Override
  public void inFlight(int messages) {
    inFlight.set(messages);
  }

  @Override
  public void receiptsTimedOut(int messages) {
    receiptTimeouts.increment(messages);
  }

  @Override
  public void receiptRefused() {
    receiptsRefused.increment();
  }

  @Override
  public void receiptLatency(long millis) {
    receiptLatency.record(millis, TimeUnit.MILLISECONDS);
  }

  /** Registers the gauges of messages awaiting their receipt. */
  public void bindAwaiting(Supplier<Number> messages, Supplier<Number> oldestSeconds) {
    Gauge.builder("gateway_uplink_awaiting_receipt_messages", () -> messages.get())
        .register(registry);
    Gauge.builder("gateway_uplink_awaiting_receipt_oldest_seconds", () -> oldestSeconds.get())
        .description("grows when the connector does not confirm: it is down, paused or unassigned")
        .register(registry);
  }

  public double receiptTimeoutsTotal() {
    return receiptTimeouts.count();
  }

  /**
   * Every classified failure, by component ({@code queue_commit}, {@code forwarder}, {@code
   * intake}, {@code receipt}) and verdict ({@code transient}, {@code operator}, {@code fatal}).
   */
  @Override
  public void failed(String component, Failure failure) {
    failureCounter(component, failure.verdict()).increment();
  }

  public double failuresTotal(String component, Failure.Verdict verdict) {
    return failureCounter(component, verdict).count();
  }

  private Counter failureCounter(String component, Failure.Verdict verdict) {
    return Counter.builder("gateway_failures")
        .description("failures classified by the gateway; retried unless the verdict is fatal")
        .tag("component", component)
        .tag("verdict", verdict.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  @Override
  public void overflowDropped(long readings, long rejected) {
    overflowReadings.increment(readings);
    overflowRejects.increment(rejected);
    rejects.get(ReasonCode.QUEUE_OVERFLOW).increment(readings);
  }

  @Override
  public void corruptionRecovered(String movedTo, long salvaged) {
    corruptions.increment();
  }

  public double readingsQueuedTotal() {
    return readingsIn.count();
  }

  public double readingsForwardedTotal() {
    return readingsOut.count();
  }

  public double readingsResentTotal() {
    return resent.count();
  }

  public double rejectsTotal(ReasonCode reason) {
    return rejects.get(reason).count();
  }

  public double corruptionsRecoveredTotal() {
    return corruptions.count();
  }
}
