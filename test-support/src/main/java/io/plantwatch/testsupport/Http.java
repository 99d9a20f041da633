package io.plantwatch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Minimal HTTP calls the fixtures make to their servers. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  record Response(int status, String body) {}

  static Response get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static Response post(String url, String body, String contentType)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  static Response put(String url, String body, String contentType)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  static Response delete(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  static boolean answers(String url, int expectedStatus) {
    try {
      return get(url).status() == expectedStatus;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Response send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        CLIENT.send(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), r.body());
  }

  static String form(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
