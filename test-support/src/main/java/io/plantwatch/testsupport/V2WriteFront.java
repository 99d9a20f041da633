package io.plantwatch.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An InfluxDB v2 write endpoint ({@code /api/v2/write}) in front of test servers, so code that
 * writes with the v2 API can be checked against stores that lack it (influxd 1.6) or against
 * several stores at once. {@link #stop()} closes the port (writers meet refused connections);
 * {@link #start()} opens the same port again.
 */
public final class V2WriteFront implements AutoCloseable {

  /** One v2 write request: its query parameters (decoded), raw query string and body. */
  public record Write(Map<String, String> parameters, String rawQuery, byte[] body) {
    public String bucket() {
      return parameters.getOrDefault("bucket", "");
    }

    public String precision() {
      return parameters.getOrDefault("precision", "ns");
    }
  }

  /** The HTTP answer to give the writer. */
  public record Answer(int status, String body) {}

  /** What happens to a write. IO failures become 503, as an unreachable InfluxDB would answer. */
  @FunctionalInterface
  public interface Handler {
    Answer handle(Write write) throws IOException, InterruptedException;
  }

  private final Handler handler;
  private final int port = FreePorts.next();
  private HttpServer server;

  public V2WriteFront(Handler handler) throws IOException {
    this.handler = handler;
    start();
  }

  /** A front that passes every write, unchanged, to influxd's v1 {@code /write?db=BUCKET}. */
  public static V2WriteFront to(InfluxdServer influxd) throws IOException {
    return new V2WriteFront(w -> influxd.writeV1(w.bucket(), w.precision(), w.body()));
  }

  /** The URL a v2 client is given. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public synchronized void start() throws IOException {
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
      server.createContext("/api/v2/write", this::write);
      server.start();
    }
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void write(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw = exchange.getRequestURI().getRawQuery();
      Write w = new Write(parameters(raw), raw, exchange.getRequestBody().readAllBytes());
      Answer a;
      try {
        a = handler.handle(w);
      } catch (IOException e) {
        a =
            new Answer(
                503,
                "{\"code\":\"unavailable\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        a = new Answer(503, "{\"code\":\"unavailable\",\"message\":\"interrupted\"}");
      }
      byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out);
        }
      }
    }
  }

  private static Map<String, String> parameters(String raw) {
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
}
