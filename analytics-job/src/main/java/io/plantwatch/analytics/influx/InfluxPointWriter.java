package io.plantwatch.analytics.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import okhttp3.OkHttpClient;

/**
 * Writes through influxdb-client-java's blocking write API to {@code /api/v2/write}: the call
 * returns only once InfluxDB has answered 2xx, so nothing is acknowledged before it is stored. The
 * client's own retries belong to its asynchronous API; here {@link RetryingWriter} retries.
 */
public final class InfluxPointWriter implements PointWriter {
  private final InfluxSettings settings;
  private final InfluxDBClient client;
  private final WriteApiBlocking api;

  public InfluxPointWriter(InfluxSettings settings) {
    this.settings = settings;
    long timeoutMs = settings.timeout().toMillis();
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
            .readTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
            .writeTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    InfluxDBClientOptions.Builder options =
        InfluxDBClientOptions.builder()
            .url(settings.url())
            .org(settings.org())
            .bucket(settings.bucket())
            .precision(WritePrecision.MS)
            .okHttpClient(http);
    if (!settings.token().isEmpty()) {
      options.authenticateToken(settings.token().toCharArray());
    }
    this.client = InfluxDBClientFactory.create(options.build());
    this.api = client.getWriteApiBlocking();
  }

  @Override
  public void write(Points points) {
    // The body as one record: a list of lines is joined by the client, one more copy of it.
    api.writeRecord(settings.bucket(), settings.org(), WritePrecision.MS, points.body());
  }

  @Override
  public void close() {
    client.close();
  }
}
