package io.plantwatch.analytics.topics;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The one place deciding whether a failed Kafka call (creating or describing a topic, publishing)
 * may succeed if tried again. Retriable: what Kafka itself calls retriable (no broker reachable,
 * timeouts, leader changes, not enough replicas). Fatal: everything else (authorization, a topic
 * policy or configuration the broker refuses, records too large), which a retry cannot change.
 */
public enum KafkaFailure {
  RETRIABLE,
  FATAL;

  public static KafkaFailure classify(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException) {
        return RETRIABLE;
      }
    }
    return FATAL;
  }

  /** The cause Kafka's futures wrap in {@link ExecutionException}, for messages. */
  static Throwable unwrap(Throwable error) {
    return error instanceof ExecutionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
