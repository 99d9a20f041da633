package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.config.InfluxApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the writer of the configured API. With {@code auto}, the server's {@code /ping} decides
 * before the first write: InfluxDB answers it without credentials and names its version in {@code
 * X-Influxdb-Version}; 1.x takes the v1 API, anything else (2.x, 3.x, stores that speak v2) the v2
 * API. A server that cannot be reached is a retriable write failure, so the decision waits for it;
 * once made it holds for the JVM.
 */
public final class InfluxWriters {
  private static final Map<String, InfluxApi> DETECTED = new ConcurrentHashMap<>();

  private InfluxWriters() {}

  public static PointWriter.Factory factory(InfluxSettings settings) {
    return () -> open(settings);
  }

  static PointWriter open(InfluxSettings settings) {
    return switch (settings.api()) {
      case V1 -> new InfluxV1PointWriter(settings);
      case V2 -> new InfluxPointWriter(settings);
      case AUTO -> new Deciding(settings);
    };
  }

  /** The API a server speaks, from its {@code /ping}; throws when it cannot be reached. */
  static InfluxApi detect(InfluxSettings settings) {
    return DETECTED.computeIfAbsent(settings.url(), url -> ping(settings));
  }

  private static InfluxApi ping(InfluxSettings settings) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.endpoint("ping")))
            .timeout(settings.timeout())
            .GET()
            .build();
    try {
      HttpResponse<Void> r =
          InfluxV1PointWriter.client(settings.timeout())
              .send(request, HttpResponse.BodyHandlers.discarding());
      return fromVersion(r.headers().firstValue("X-Influxdb-Version").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException("InfluxDB " + settings.url() + "/ping: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          new java.io.InterruptedIOException("interrupted asking " + settings.url() + "/ping"));
    }
  }

  static InfluxApi fromVersion(String version) {
    String v = version.strip();
    return v.startsWith("1.") || v.startsWith("v1.") ? InfluxApi.V1 : InfluxApi.V2;
  }

  /** Asks {@code /ping} at the first write, then writes through the API it names. */
  private static final class Deciding implements PointWriter {
    private final InfluxSettings settings;
    private PointWriter chosen;

    Deciding(InfluxSettings settings) {
      this.settings = settings;
    }

    @Override
    public void write(Points points) {
      if (chosen == null) {
        InfluxApi api = detect(settings);
        chosen =
            api == InfluxApi.V1
                ? new InfluxV1PointWriter(settings)
                : new InfluxPointWriter(settings);
      }
      chosen.write(points);
    }

    @Override
    public void close() {
      if (chosen != null) {
        chosen.close();
      }
    }
  }
}
