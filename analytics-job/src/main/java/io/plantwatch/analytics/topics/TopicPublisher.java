package io.plantwatch.analytics.topics;

import java.io.Serializable;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Publishes the rows a sink writes to a computed topic, in the same pass over a partition: the
 * sink's rows go through {@link Publication#tee}, and {@link Publication#finish} waits until Kafka
 * has them all, failing the batch otherwise. Shipped to the executors; the producer is opened there
 * ({@link Producers}).
 */
public final class TopicPublisher<R> implements Serializable {
  private final String bootstrap;
  private final String topic;
  private final RecordFormat<R> format;

  public TopicPublisher(String bootstrap, String topic, RecordFormat<R> format) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.format = format;
  }

  public String topic() {
    return topic;
  }

  /** A sink's pass over one partition. */
  @FunctionalInterface
  public interface PartitionWrite<R> {
    void write(Iterator<R> rows);
  }

  /**
   * Runs {@code write} over {@code rows} and, when {@code publisher} is not null, publishes each
   * row as {@code write} reads it; returns once Kafka has them all.
   */
  public static <R> void alongside(
      TopicPublisher<R> publisher, Iterator<R> rows, PartitionWrite<R> write) {
    if (publisher == null) {
      write.write(rows);
      return;
    }
    TopicPublisher<R>.Publication publication = publisher.open();
    write.write(publication.tee(rows));
    publication.finish();
  }

  /** Starts publishing one partition's rows. */
  public Publication open() {
    return new Publication(Producers.of(bootstrap));
  }

  /** The records of one partition of one micro-batch. */
  public final class Publication {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    private Publication(KafkaProducer<byte[], byte[]> producer) {
      this.producer = producer;
    }

    /** {@code rows} as they are, each sent to the topic as it is read. */
    public Iterator<R> tee(Iterator<R> rows) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public R next() {
          R row = rows.next();
          send(row);
          return row;
        }
      };
    }

    public void send(R row) {
      // Timestamped when published, not at the window's time: compaction's lag counts from the
      // record's timestamp, and a replay of old data must not be compacted away at once.
      producer.send(
          format.record(topic, row),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
      sent.incrementAndGet();
    }

    /** Waits until Kafka acknowledged every record sent; throws if any was not taken. */
    public void finish() {
      if (sent.get() == 0) {
        return;
      }
      producer.flush();
      Exception error = failure.get();
      if (error == null) {
        return;
      }
      String what = sent.get() + " records of Kafka topic " + topic;
      if (KafkaFailure.classify(error) == KafkaFailure.FATAL) {
        throw new PublishException("Kafka refused " + what + ": " + error, error);
      }
      throw new PublishException(
          "Kafka did not take "
              + what
              + " within the producer's delivery timeout; the micro-batch fails and is replayed"
              + " from the checkpoint: "
              + error,
          error);
    }
  }
}
