package io.plantwatch.telemetry;

/** The device payload shapes a gateway accepts; each topic filter chooses one. */
public enum PayloadFormat {
  /**
   * {@code {"ts": …, "metrics": {"temperature": {"value": 71.2, "unit": "degC"}, "vibration":
   * 3.1}}}
   */
  JSON_MULTI,
  /** {@code {"ts": …, "metric": "pressure", "value": 5.2, "unit": "bar"}} */
  JSON_SINGLE,
  /** A bare number; the metric is the topic's last level and the time is arrival. */
  BARE_NUMBER
}
