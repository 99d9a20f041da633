package io.plantwatch.ingest;

import io.plantwatch.ingest.mqtt.SessionCounters;
import io.plantwatch.ingest.records.RecordCounters;
import io.plantwatch.telemetry.ReasonCode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's counters, published over JMX with Kafka's metrics library (as the Connect worker
 * publishes its own) under {@code plantwatch.ingest:type=mqtt-source-task-metrics,connector=…,
 * task=…}, and summarised in the log at a low rate. Counters are plain atomics so the MQTT callback
 * thread, {@code poll()} and the producer's callback thread can all update them cheaply. The {@code
 * mqtt} and {@code records} packages report to it through the counter interfaces they declare, so
 * that neither depends on this package; the public constructor and getters are for their tests.
 */
public final class IngestMetrics implements SessionCounters, RecordCounters, AutoCloseable {
  static final String JMX_DOMAIN = "plantwatch.ingest";
  static final String GROUP = "mqtt-source-task-metrics";

  private static final Logger log = LoggerFactory.getLogger(IngestMetrics.class);

  private final AtomicLong messagesReceived = new AtomicLong();
  private final AtomicLong redeliveriesReceived = new AtomicLong();
  private final AtomicLong recordsProduced = new AtomicLong();
  private final AtomicLong statusRecords = new AtomicLong();
  private final AtomicLong recordsCommitted = new AtomicLong();
  private final AtomicLong acksSent = new AtomicLong();
  private final AtomicLong acksAbandoned = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong receiptsSent = new AtomicLong();
  private final AtomicLong receiptsNotSent = new AtomicLong();
  private final AtomicLong quarantineRecords = new AtomicLong();
  private final AtomicLong connected = new AtomicLong();
  private final Map<ReasonCode, AtomicLong> rejected = new EnumMap<>(ReasonCode.class);
  private final Metrics metrics;
  private final Map<String, String> tags;
  private final Time time;
  private final long logIntervalMs;
  private long nextLogMs;

  /**
   * @param handoffDepth the hand-off queue's current depth, read when the gauge is sampled
   */
  public IngestMetrics(
      String connector, int task, IntSupplier handoffDepth, Time time, long logIntervalMs) {
    this.time = time;
    this.logIntervalMs = logIntervalMs;
    this.nextLogMs = time.milliseconds() + logIntervalMs;
    for (ReasonCode reason : ReasonCode.values()) {
      rejected.put(reason, new AtomicLong());
    }
    tags = new LinkedHashMap<>();
    tags.put("connector", connector);
    tags.put("task", Integer.toString(task));
    JmxReporter jmx = new JmxReporter();
    jmx.configure(Map.of());
    metrics =
        new Metrics(
            new MetricConfig().tags(tags), List.of(jmx), time, new KafkaMetricsContext(JMX_DOMAIN));
    gauge("messages-received-total", "MQTT messages received", messagesReceived::get);
    gauge(
        "redeliveries-received-total",
        "MQTT messages received with the DUP flag (possible redeliveries, processed as usual)",
        redeliveriesReceived::get);
    gauge("records-produced-total", "reading records handed to Connect", recordsProduced::get);
    gauge("status-records-total", "gateway status records handed to Connect", statusRecords::get);
    gauge(
        "records-committed-total",
        "records (readings, statuses and rejected) acknowledged by Kafka",
        recordsCommitted::get);
    gauge(
        "records-rejected-total",
        "undecodable payloads sent to the rejected topic, all reasons",
        this::rejectedTotal);
    gauge(
        "acks-sent-total", "MQTT acknowledgements sent after Kafka had the records", acksSent::get);
    gauge(
        "acks-abandoned-total",
        "MQTT acknowledgements not sent because their connection was gone (the broker redelivers)",
        acksAbandoned::get);
    gauge(
        "acks-outstanding",
        "MQTT messages received whose records Kafka has not all acknowledged yet",
        this::acksOutstanding);
    gauge(
        "handoff-queue-depth",
        "messages waiting between the MQTT client and poll()",
        () -> handoffDepth.getAsInt());
    gauge(
        "receipts-sent-total",
        "receipts published to a gateway once Kafka had every record of its message",
        receiptsSent::get);
    gauge(
        "receipts-not-sent-total",
        "receipts asked for but not published (connection gone, or a response topic outside"
            + " mqtt.receipts.topics); the gateway sends the message again",
        receiptsNotSent::get);
    gauge(
        "quarantine-records-total",
        "gateway quarantine records forwarded to the rejected topic",
        quarantineRecords::get);
    gauge("mqtt-connected", "1 while connected to the broker, else 0", connected::get);
    gauge("mqtt-reconnects-total", "successful reconnections after a loss", reconnects::get);
    for (ReasonCode reason : ReasonCode.values()) {
      Map<String, String> reasonTags = new LinkedHashMap<>(tags);
      reasonTags.put("reason", reason.wireName());
      AtomicLong counter = rejected.get(reason);
      metrics.addMetric(
          metrics.metricName(
              "records-rejected-by-reason-total",
              GROUP,
              "undecodable payloads sent to the rejected topic for this reason",
              reasonTags),
          (Measurable) (config, now) -> counter.get());
    }
  }

  private void gauge(String name, String doc, java.util.function.LongSupplier value) {
    MetricName metricName = metrics.metricName(name, GROUP, doc, tags);
    metrics.addMetric(metricName, (Measurable) (config, now) -> value.getAsLong());
  }

  @Override
  public void received(boolean duplicate) {
    messagesReceived.incrementAndGet();
    if (duplicate) {
      redeliveriesReceived.incrementAndGet();
    }
  }

  @Override
  public void produced(int records) {
    recordsProduced.addAndGet(records);
  }

  @Override
  public void statusProduced() {
    statusRecords.incrementAndGet();
  }

  @Override
  public void rejected(ReasonCode reason) {
    rejected.get(reason).incrementAndGet();
  }

  void committed() {
    recordsCommitted.incrementAndGet();
  }

  @Override
  public void acknowledged(boolean sent) {
    (sent ? acksSent : acksAbandoned).incrementAndGet();
  }

  @Override
  public void receipt(boolean sent) {
    (sent ? receiptsSent : receiptsNotSent).incrementAndGet();
  }

  @Override
  public void quarantineForwarded() {
    quarantineRecords.incrementAndGet();
  }

  public long receiptsSent() {
    return receiptsSent.get();
  }

  public long quarantineRecords() {
    return quarantineRecords.get();
  }

  @Override
  public void connected(boolean reconnect) {
    connected.set(1);
    if (reconnect) {
      reconnects.incrementAndGet();
    }
  }

  @Override
  public void disconnected() {
    connected.set(0);
  }

  long messagesReceived() {
    return messagesReceived.get();
  }

  public long recordsProduced() {
    return recordsProduced.get();
  }

  public long acksOutstanding() {
    return messagesReceived.get() - acksSent.get() - acksAbandoned.get();
  }

  public long statusRecords() {
    return statusRecords.get();
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long rejectedFor(ReasonCode reason) {
    return rejected.get(reason).get();
  }

  /** Logs the summary line when the interval has passed; called from {@code poll()}. */
  void maybeLogSummary(int handoffDepth) {
    if (logIntervalMs <= 0) {
      return;
    }
    long now = time.milliseconds();
    if (now < nextLogMs) {
      return;
    }
    nextLogMs = now + logIntervalMs;
    log.info("{} {}", tags, summary(handoffDepth));
  }

  String summary(int handoffDepth) {
    StringBuilder rejectedByReason = new StringBuilder();
    rejected.forEach(
        (reason, count) -> {
          if (count.get() > 0) {
            rejectedByReason.append(rejectedByReason.isEmpty() ? "" : ",");
            rejectedByReason.append(reason.wireName()).append('=').append(count.get());
          }
        });
    return String.format(
        "messages=%d redeliveries=%d records=%d statuses=%d committed=%d rejected=%d{%s}"
            + " acks-sent=%d"
            + " acks-abandoned=%d acks-outstanding=%d receipts=%d receipts-not-sent=%d"
            + " quarantine=%d handoff=%d connected=%d reconnects=%d",
        messagesReceived.get(),
        redeliveriesReceived.get(),
        recordsProduced.get(),
        statusRecords.get(),
        recordsCommitted.get(),
        rejectedTotal(),
        rejectedByReason,
        acksSent.get(),
        acksAbandoned.get(),
        acksOutstanding(),
        receiptsSent.get(),
        receiptsNotSent.get(),
        quarantineRecords.get(),
        handoffDepth,
        connected.get(),
        reconnects.get());
  }

  @Override
  public void close() {
    metrics.close();
  }
}
