package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.config.InfluxApi;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.retry.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the InfluxDB sink needs, shipped to the executors: the server and its API, where points go
 * (v2: org and bucket; v1: database and retention policy), the credentials (v2: token; v1: user and
 * password, which never show in toString), and how writes are cut and retried.
 */
public record InfluxSettings(
    String url,
    InfluxApi api,
    String token,
    String org,
    String bucket,
    String database,
    String retentionPolicy,
    String username,
    String password,
    String measurement,
    int batchSize,
    Duration timeout,
    RetryPolicy retry)
    implements Serializable {

  /** The same server and bucket, another measurement. */
  public InfluxSettings withMeasurement(String other) {
    return new InfluxSettings(
        url,
        api,
        token,
        org,
        bucket,
        database,
        retentionPolicy,
        username,
        password,
        other,
        batchSize,
        timeout,
        retry);
  }

  public static InfluxSettings from(JobConfig config) {
    return new InfluxSettings(
        config.get(JobConfig.INFLUX_URL),
        config.get(JobConfig.INFLUX_API),
        config.get(JobConfig.INFLUX_TOKEN),
        config.get(JobConfig.INFLUX_ORG),
        config.get(JobConfig.INFLUX_BUCKET),
        config.get(JobConfig.INFLUX_DATABASE),
        config.get(JobConfig.INFLUX_RETENTION_POLICY),
        config.get(JobConfig.INFLUX_USERNAME),
        config.secret(JobConfig.INFLUX_PASSWORD, JobConfig.INFLUX_PASSWORD_FILE),
        config.get(JobConfig.INFLUX_MEASUREMENT),
        config.get(JobConfig.INFLUX_BATCH_SIZE),
        config.get(JobConfig.INFLUX_TIMEOUT),
        new RetryPolicy(
            config.get(JobConfig.INFLUX_RETRY_MAX_ATTEMPTS),
            config.get(JobConfig.INFLUX_RETRY_INITIAL_BACKOFF),
            config.get(JobConfig.INFLUX_RETRY_MAX_BACKOFF)));
  }

  /** {@code path} (no leading slash) under the server's base URL. */
  public String endpoint(String path) {
    return (url.endsWith("/") ? url : url + "/") + path;
  }

  /** Where a write goes, for logs and errors: never a credential. */
  public String destination(InfluxApi chosen) {
    return chosen == InfluxApi.V1
        ? "InfluxDB " + url + " database " + database
        : "InfluxDB " + url + " bucket " + bucket;
  }

  @Override
  public String toString() {
    return "InfluxSettings[url="
        + url
        + ", api="
        + api
        + ", token="
        + (token.isEmpty() ? "(none)" : "[hidden]")
        + ", org="
        + org
        + ", bucket="
        + bucket
        + ", database="
        + database
        + ", retentionPolicy="
        + retentionPolicy
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "(none)" : "[hidden]")
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
