package io.plantwatch.analytics.influx;

import java.io.Serializable;

/** Writes line-protocol points; one request per call, either all accepted or an exception. */
public interface PointWriter extends AutoCloseable {
  void write(Points points);

  @Override
  void close();

  /** Opens writers where the points are, on the executors: it must be serializable. */
  @FunctionalInterface
  interface Factory extends Serializable {
    PointWriter open();
  }
}
