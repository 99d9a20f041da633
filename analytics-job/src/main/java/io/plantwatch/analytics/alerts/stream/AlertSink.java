package io.plantwatch.analytics.alerts.stream;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertLifecycle;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.alerts.mail.MailDispatcher;
import io.plantwatch.analytics.influx.InfluxSettings;
import io.plantwatch.analytics.influx.PointWriter;
import io.plantwatch.analytics.influx.Points;
import io.plantwatch.analytics.influx.RetryingWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one micro-batch of alert transitions, on the driver (a batch holds few of them): a
 * STALE alert of a machine whose gateway is offline is retold as the gateway's outage; then every
 * event goes to Kafka and InfluxDB, and the mailed ones to the mail dispatcher. A replayed batch
 * publishes the same events again: Kafka consumers de-duplicate by {@code id}, InfluxDB overwrites
 * the same points, and the outbox skips mails whose idempotency key it already holds.
 *
 * <p>Kafka and InfluxDB failures fail the batch (Spark then retries it from the checkpoint); mail
 * failures never do: the mails wait in the outbox and are retried in the background.
 */
public final class AlertSink implements VoidFunction2<Dataset<RaisedAlert>, Long>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertSink.class);

  private final String topic;
  private final InfluxSettings influx;
  private final PointWriter.Factory writers;
  private final MailDispatcher mail;
  private final GatewayStatusView gateways;
  private final KafkaProducer<String, String> producer;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong firing = new AtomicLong();

  public AlertSink(
      String bootstrap,
      String topic,
      InfluxSettings influx,
      PointWriter.Factory writers,
      MailDispatcher mail,
      GatewayStatusView gateways) {
    this.topic = topic;
    this.influx = influx;
    this.writers = writers;
    this.mail = mail;
    this.gateways = gateways;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
  }

  @Override
  public synchronized void call(Dataset<RaisedAlert> batch, Long batchId) throws Exception {
    List<RaisedAlert> raised = batch.collectAsList();
    if (raised.isEmpty()) {
      return;
    }
    if (gateways != null) {
      gateways.refresh();
    }
    List<AlertEvent> events = new ArrayList<>(raised.size());
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    List<String> points = new ArrayList<>();
    for (RaisedAlert r : raised) {
      AlertEvent e = r.event();
      if (e.state() == AlertPhase.STALE && gateways != null && gateways.offline(r.gateway())) {
        e = AlertLifecycle.blameGateway(e, r.gateway());
      }
      events.add(e);
      // Timestamped when published, not at the event time in "at": a replay of old data would
      // otherwise write records that retention deletes at once.
      sends.add(
          producer.send(
              new ProducerRecord<>(topic, e.idempotencyKey(), AlertRecords.json(e, r.gateway()))));
      points.add(AlertRecords.point(influx.measurement(), e));
      LOG.info(
          "alert {} {} on {}/{}/{}: {}",
          e.rule(),
          e.state(),
          e.key().site(),
          e.key().line(),
          e.key().machine(),
          e.message());
    }
    producer.flush();
    for (Future<RecordMetadata> f : sends) {
      try {
        f.get();
      } catch (ExecutionException ex) {
        throw new IllegalStateException(
            "publishing alerts to Kafka topic " + topic + " failed", ex);
      }
    }
    try (PointWriter writer = writers.open()) {
      new RetryingWriter(writer, influx.retry(), d -> Thread.sleep(d.toMillis()), influx.url())
          .write(Points.of(points));
    }
    published.addAndGet(events.size());
    firing.addAndGet(events.stream().filter(e -> e.state() == AlertPhase.FIRING).count());
    try {
      MailDispatcher.Outcome o = mail.dispatch(events);
      if (o.written() > 0) {
        LOG.info(
            "alert mails: {} new, {} sent, {} waiting in {}",
            o.written(),
            o.sent(),
            o.waiting(),
            mail.outbox().dir());
      }
    } catch (jakarta.mail.MessagingException ex) {
      // Stored in the outbox already; the background drainer sends them when SMTP is back.
      LOG.error("alert mail sending failed; mails wait in the outbox: {}", ex.toString());
    }
    // An IOException (the outbox cannot be written) fails the batch: Spark replays it, and the
    // mails are rendered again rather than lost.
  }

  /** Transitions published since start. */
  public long published() {
    return published.get();
  }

  public long firing() {
    return firing.get();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
    if (gateways != null) {
      gateways.close();
    }
  }
}
