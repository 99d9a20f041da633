package io.plantwatch.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantwatch.testsupport.FreePorts;
import io.plantwatch.testsupport.InfluxdServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * InfluxDB's v2 write endpoint in front of influxd 1.6, which has last-write-wins and exact
 * float64s but only the v1 {@code /write}: each {@code /api/v2/write?bucket=B&precision=P} request
 * goes unchanged, as the same line-protocol body, to {@code /write?db=B&precision=P}, and influxd's
 * answer comes back. {@link #stop()} closes the port (the job meets refused connections), {@link
 * #start()} opens the same port again.
 */
final class InfluxdV2Front implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final InfluxdServer influxd;
  private final int port = FreePorts.next();
  private HttpServer server;

  InfluxdV2Front(InfluxdServer influxd) throws IOException {
    this.influxd = influxd;
    start();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/api/v2/write", this::write);
    server.start();
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  private void write(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      int status;
      String answer;
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            influxd.baseUrl()
                                + "/write?db="
                                + URLEncoder.encode(
                                    q.getOrDefault("bucket", ""), StandardCharsets.UTF_8)
                                + "&precision="
                                + q.getOrDefault("precision", "ns")))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        status = r.statusCode();
        answer = r.body();
      } catch (IOException | InterruptedException e) {
        status = 503;
        answer = "{\"code\":\"unavailable\"}";
      }
      byte[] out = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out);
        }
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    stop();
  }
}
