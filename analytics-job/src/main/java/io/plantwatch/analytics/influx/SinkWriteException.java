package io.plantwatch.analytics.influx;

/**
 * Points could not be written: InfluxDB refused them or stayed unreachable through every retry. It
 * fails the micro-batch, so its offsets are never committed and it is replayed from the checkpoint.
 */
public final class SinkWriteException extends RuntimeException {
  public SinkWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
