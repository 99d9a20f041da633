package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.retry.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;

/** What the InfluxDB sink needs, shipped to the executors. The token never shows in toString. */
public record InfluxSettings(
    String url,
    String token,
    String org,
    String bucket,
    String measurement,
    int batchSize,
    Duration timeout,
    RetryPolicy retry)
    implements Serializable {

  /** The same server and bucket, another measurement. */
  public InfluxSettings withMeasurement(String other) {
    return new InfluxSettings(url, token, org, bucket, other, batchSize, timeout, retry);
  }

  public static InfluxSettings from(JobConfig config) {
    return new InfluxSettings(
        config.get(JobConfig.INFLUX_URL),
        config.get(JobConfig.INFLUX_TOKEN),
        config.get(JobConfig.INFLUX_ORG),
        config.get(JobConfig.INFLUX_BUCKET),
        config.get(JobConfig.INFLUX_MEASUREMENT),
        config.get(JobConfig.INFLUX_BATCH_SIZE),
        config.get(JobConfig.INFLUX_TIMEOUT),
        new RetryPolicy(
            config.get(JobConfig.INFLUX_RETRY_MAX_ATTEMPTS),
            config.get(JobConfig.INFLUX_RETRY_INITIAL_BACKOFF),
            config.get(JobConfig.INFLUX_RETRY_MAX_BACKOFF)));
  }

  @Override
  public String toString() {
    return "InfluxSettings[url="
        + url
        + ", token="
        + (token.isEmpty() ? "(none)" : "[hidden]")
        + ", org="
        + org
        + ", bucket="
        + bucket
        + ", measurement="
        + measurement
        + ", batchSize="
        + batchSize
        + ", timeout="
        + timeout
        + ", retry="
        + retry
        + "]";
  }
}
