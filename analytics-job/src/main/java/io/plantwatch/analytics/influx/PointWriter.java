package io.plantwatch.analytics.influx;

import java.io.Serializable;
import java.util.List;

/** Writes line-protocol points; one request per call, either all accepted or an exception. */
public interface PointWriter extends AutoCloseable {
  void write(List<String> lines);

  @Override
  void close();

  /** Opens writers where the points are, on the executors: it must be serializable. */
  @FunctionalInterface
  interface Factory extends Serializable {
    PointWriter open();
  }
}
