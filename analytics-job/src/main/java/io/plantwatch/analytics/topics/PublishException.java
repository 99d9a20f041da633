package io.plantwatch.analytics.topics;

/**
 * Records could not be published to a computed topic: Kafka refused them, or did not take them
 * within the producer's delivery timeout (which already retries). It fails the micro-batch before
 * Spark commits its offsets, so the batch is replayed from the checkpoint; consumers of the
 * compacted topics see the same values again, which changes nothing.
 */
public final class PublishException extends RuntimeException {
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
