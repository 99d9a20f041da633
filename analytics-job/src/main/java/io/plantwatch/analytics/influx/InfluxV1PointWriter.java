package io.plantwatch.analytics.influx;

import io.plantwatch.analytics.config.InfluxApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes through InfluxDB 1.x's {@code /write?db=&rp=&precision=ms}, with HTTP Basic authentication
 * when a user is set. One request per call; only a 2xx answer counts as stored. Uses the JDK's HTTP
 * client: the v1 API is one POST, no client library needed.
 */
public final class InfluxV1PointWriter implements PointWriter {
  /** One client per timeout and JVM: a writer is opened per partition and micro-batch. */
  private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private final InfluxSettings settings;
  private final URI uri;
  private final String authorization;
  private final String destination;

  public InfluxV1PointWriter(InfluxSettings settings) {
    this.settings = settings;
    this.uri =
        URI.create(
            settings.endpoint("write")
                + "?db="
                + encode(settings.database())
                + (settings.retentionPolicy().isEmpty()
                    ? ""
                    : "&rp=" + encode(settings.retentionPolicy()))
                + "&precision=ms");
    this.authorization =
        settings.username().isEmpty()
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (settings.username() + ":" + settings.password())
                            .getBytes(StandardCharsets.UTF_8));
    this.destination = settings.destination(InfluxApi.V1);
  }

  static HttpClient client(Duration timeout) {
    return CLIENTS.computeIfAbsent(timeout, t -> HttpClient.newBuilder().connectTimeout(t).build());
  }

  @Override
  public void write(Points points) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(points.body()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response =
          client(settings.timeout()).send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(destination + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          new java.io.InterruptedIOException("interrupted writing to " + destination));
    }
    if (response.statusCode() / 100 != 2) {
      Duration retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .flatMap(InfluxV1PointWriter::seconds)
              .orElse(null);
      throw new InfluxHttpException(
          destination, response.statusCode(), response.body(), retryAfter);
    }
  }

  private static java.util.Optional<Duration> seconds(String raw) {
    try {
      return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(raw.strip())));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {}
}
