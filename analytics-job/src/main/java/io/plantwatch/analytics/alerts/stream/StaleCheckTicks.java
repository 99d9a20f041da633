package io.plantwatch.analytics.alerts.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record on the judged-windows topic every {@link #interval}, so that the alert query, which runs
 * a micro-batch only when its topic has new records, checks its STALE deadlines even when no window
 * is judged (a silent plant). Without no-data micro-batches Spark would otherwise run that query
 * every trigger for nothing but the check: a third of a second of work every two seconds on a
 * two-core machine. The query drops these records by their key.
 */
public final class StaleCheckTicks implements AutoCloseable {
  /** The key of every tick; compaction keeps the newest. */
  public static final String KEY = "plantwatch-stale-check";

  private static final Logger LOG = LoggerFactory.getLogger(StaleCheckTicks.class);

  /** Never more than this between two checks: a STALE comes at most this late. */
  private static final Duration LONGEST = Duration.ofMinutes(1);

  /** Never less than this between two checks, whatever the trigger. */
  private static final Duration SHORTEST = Duration.ofSeconds(1);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer;

  private StaleCheckTicks(KafkaProducer<byte[], byte[]> producer, ScheduledExecutorService timer) {
    this.producer = producer;
    this.timer = timer;
  }

  /**
   * How often the deadlines are checked: a quarter of {@code staleAfter}, at most a minute, at
   * least one {@code trigger} and one second.
   */
  public static Duration interval(Duration staleAfter, Duration trigger) {
    Duration quarter = staleAfter.dividedBy(4);
    Duration every = quarter.compareTo(LONGEST) > 0 ? LONGEST : quarter;
    every = every.compareTo(trigger) < 0 ? trigger : every;
    return every.compareTo(SHORTEST) < 0 ? SHORTEST : every;
  }

  /** Starts publishing to {@code topic} every {@code every}. */
  public static StaleCheckTicks start(String bootstrap, String topic, Duration every) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "plantwatch-stale-check");
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantwatch-stale-check");
              t.setDaemon(true);
              return t;
            });
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    timer.scheduleWithFixedDelay(
        () -> {
          byte[] value =
              ("{\"v\":1,\"tick\":" + System.currentTimeMillis() + "}")
                  .getBytes(StandardCharsets.UTF_8);
          // A task that throws is never run again: every failure is logged and the next tick
          // tries again (a STALE waits for it).
          try {
            producer.send(
                new ProducerRecord<>(topic, key, value),
                (meta, e) -> {
                  if (e != null) {
                    LOG.warn("stale check tick to {} not published: {}", topic, e.toString());
                  }
                });
          } catch (RuntimeException e) {
            LOG.warn("stale check tick to {} not published: {}", topic, e.toString());
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    return new StaleCheckTicks(producer, timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
