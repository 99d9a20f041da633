package io.plantwatch.analytics.health;

/** A model directory that is missing or cannot be used; the message names the path and why. */
public final class ModelLoadException extends RuntimeException {
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
