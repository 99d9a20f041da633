package io.plantwatch.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for InfluxDB when none is configured: a loopback endpoint speaking the v2 write API
 * ({@code POST /api/v2/write}) that appends every line-protocol point the analytics job writes to a
 * file, and answers 204 only once the lines are written and flushed. So the job runs its real
 * InfluxDB sink, with its retries, and the file is importable as it stands with {@code influx write
 * --precision ms --file …}. A window written again (update mode) appears again further down:
 * InfluxDB keeps the last write of a point, which is the window's final value.
 */
final class LineProtocolFileEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final Path file;
  private final Writer out;
  private final LatestWindows latest;
  private final AtomicLong points = new AtomicLong();

  private LineProtocolFileEndpoint(HttpServer server, Path file, Writer out, LatestWindows latest) {
    this.server = server;
    this.file = file;
    this.out = out;
    this.latest = latest;
  }

  static LineProtocolFileEndpoint start(Path file, LatestWindows latest) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Writer out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    LineProtocolFileEndpoint endpoint = new LineProtocolFileEndpoint(server, file, out, latest);
    server.createContext("/api/v2/write", endpoint::write);
    server.start();
    return endpoint;
  }

  /** The URL to give the job as {@code plantwatch.influx.url}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Path file() {
    return file;
  }

  long points() {
    return points.get();
  }

  private void write(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String precision = queryParameter(exchange, "precision");
      if (precision != null && !precision.equals("ms")) {
        // The file is documented as millisecond precision; the job always writes ms.
        answer(exchange, 400, "{\"code\":\"invalid\",\"message\":\"only precision=ms\"}");
        return;
      }
      InputStream in = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int count = 0;
      synchronized (out) {
        for (String line : body.split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          out.write(line);
          out.write('\n');
          count++;
          latest.offer(line);
        }
        out.flush();
      }
      points.addAndGet(count);
      exchange.sendResponseHeaders(204, -1);
    } catch (IOException e) {
      answer(exchange, 503, "{\"code\":\"unavailable\",\"message\":\"cannot write the file\"}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, b.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(b);
    }
  }

  private static String queryParameter(HttpExchange exchange, String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(
            pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.stop(1);
    synchronized (out) {
      out.close();
    }
  }
}
