package io.plantwatch.telemetry;

import java.util.List;

/**
 * The measurements decoded from one device message. A message whose envelope is sound but one of
 * whose metrics is bad keeps its good metrics: the bad ones are listed in {@code rejected}.
 */
public record DeviceMessage(List<Measurement> measurements, List<MetricRejection> rejected) {
  public DeviceMessage {
    measurements = List.copyOf(measurements);
    rejected = List.copyOf(rejected);
  }

  /** One metric of a message that was refused while its siblings were accepted. */
  public record MetricRejection(String metric, Rejection rejection) {}
}
