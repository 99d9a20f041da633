package io.plantwatch.ingest;

import io.plantwatch.ingest.mqtt.Arrival;
import io.plantwatch.ingest.mqtt.Handoff;
import io.plantwatch.ingest.mqtt.UplinkSubscriber;
import io.plantwatch.ingest.records.TrackedRecord;
import io.plantwatch.ingest.records.UplinkRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the uplink topics and turns each batch envelope into one record per reading (and,
 * on task 0, each gateway status into one status record). The MQTT client's callback thread only
 * enqueues; decoding and connecting happen in {@code poll()}. An MQTT message is acknowledged from
 * {@link #commitRecord} once Kafka has all its records.
 */
public class MqttSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);

  private final Time time;
  private volatile boolean stopping;
  private MqttSourceConfig config;
  private Handoff handoff;
  private IngestMetrics metrics;
  private UplinkRouting routing;
  private UplinkSubscriber subscriber;

  public MqttSourceTask() {
    this(Time.SYSTEM);
  }

  MqttSourceTask(Time time) {
    this.time = time;
  }

  @Override
  public String version() {
    return MqttSourceConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    config = MqttSourceConfig.forTask(props);
    handoff = new Handoff(config.receiveMaximum());
    String connector = props.getOrDefault("name", config.clientIdPrefix());
    metrics =
        new IngestMetrics(
            connector, config.taskIndex(), handoff::depth, time, config.metricsLogIntervalMs());
    routing = new UplinkRouting(config.recordSettings(), metrics);
    subscriber = new UplinkSubscriber(config.sessionSettings(), handoff, metrics, time);
    // Starts connecting now; poll() follows it up and retries.
    subscriber.maintain();
    log.info(
        "task {} of {} starting: {} -> {} (rejected -> {}), statuses {}, acks {}",
        config.taskIndex(),
        connector,
        config.topicFilters(),
        config.topic(),
        config.rejectedTopic(),
        config.forwardsStatuses()
            ? config.statusTopicFilters() + " -> " + config.statusTopic()
            : "not forwarded by this task",
        config.ackAfterKafka() ? "after Kafka" : "on arrival");
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (stopping) {
      return null;
    }
    subscriber.maintain();
    long wait = Math.min(config.pollTimeoutMs(), Math.max(1, subscriber.msUntilNextAttempt()));
    Arrival first = handoff.next(wait);
    metrics.maybeLogSummary(handoff.depth());
    if (first == null) {
      return null;
    }
    List<SourceRecord> out = new ArrayList<>(routing.from(first));
    Arrival next;
    while (out.size() < config.pollMaxRecords() && (next = handoff.nextNow()) != null) {
      out.addAll(routing.from(next));
    }
    return out;
  }

  /**
   * Kafka has the record (or, with {@code metadata == null}, a transformation dropped it or
   * errors.tolerance=all skipped it): one step closer to acknowledging its MQTT message.
   */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (record instanceof TrackedRecord tracked) {
      metrics.committed();
      tracked.recordCommitted();
    }
  }

  /**
   * Connect 3.x calls this on the task's own thread once the poll loop has ended, so closing here
   * cannot race with {@link #poll()}; the flag also turns any later poll into a no-op.
   */
  @Override
  public void stop() {
    stopping = true;
    if (handoff != null) {
      handoff.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
    if (metrics != null) {
      log.info("task {} stopped: {}", config.taskIndex(), metrics.summary(0));
      metrics.close();
    }
  }
}
