package io.plantwatch.analytics.topics;

/** A computed topic is missing and cannot be created: the job does not start. */
public final class TopicSetupException extends RuntimeException {
  public TopicSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
