package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.telemetry.Measurement;
import io.plantwatch.telemetry.ReasonCode;
import io.plantwatch.telemetry.Rejection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The gateway's own checks on a decoded measurement: allowed metrics and plausible ranges. */
public final class ReadingChecks {
  private final Set<String> allowed;
  private final Map<String, List<Double>> ranges;

  public ReadingChecks(GatewayConfig.Validation config) {
    this.allowed = Set.copyOf(config.allowedMetrics());
    this.ranges = Map.copyOf(config.ranges());
  }

  /** Null when the measurement passes, else why not. */
  public Rejection check(Measurement m) {
    if (!allowed.isEmpty() && !allowed.contains(m.metric())) {
      return new Rejection(
          ReasonCode.UNKNOWN_METRIC,
          "metric '" + m.metric() + "' is not in validation.allowedMetrics");
    }
    List<Double> range = ranges.get(m.metric());
    if (range != null && (m.value() < range.get(0) || m.value() > range.get(1))) {
      return new Rejection(
          ReasonCode.OUT_OF_RANGE,
          "metric '"
              + m.metric()
              + "' value "
              + m.value()
              + " "
              + m.unit()
              + " is outside ["
              + range.get(0)
              + ", "
              + range.get(1)
              + "]");
    }
    return null;
  }
}
