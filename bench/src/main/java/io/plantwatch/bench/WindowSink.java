package io.plantwatch.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The benchmark's InfluxDB: a loopback endpoint speaking the v2 write API ({@code POST
 * /api/v2/write}), like local-stack's line-protocol file endpoint, so the analytics job runs its
 * real InfluxDB sink (client, batching, retries). Instead of a file it keeps, for every window of
 * the measured site, when each growing count arrived ({@link WindowLog}); points of other sites
 * (the warm-up) are only counted. A sink {@link #counting()} keeps no windows at all.
 */
public final class WindowSink implements AutoCloseable {
  static final String MEASUREMENT = "machine_window_stats";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String site;
  private final Map<String, WindowLog> windows = new ConcurrentHashMap<>();
  private final AtomicLong points = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  private WindowSink(HttpServer server, ExecutorService executor, String site) {
    this.server = server;
    this.executor = executor;
    this.site = site;
  }

  /** Starts on a free loopback port, keeping windows of {@code site}. */
  public static WindowSink start(String site) throws IOException {
    return open(java.util.Objects.requireNonNull(site, "site"));
  }

  /**
   * Starts on a free loopback port, counting points only: for the Spark ceiling, which measures the
   * job's rate from its batches. Keeping a log of every window (a map entry per window, never
   * forgotten there) took a seventh of the CPU samples of the job's JVM at 40,000 readings/s, taken
   * from the job it measures (docs/performance.md).
   */
  public static WindowSink counting() throws IOException {
    return open(null);
  }

  private static WindowSink open(String site) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "bench-sink-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    WindowSink sink = new WindowSink(server, executor, site);
    server.createContext("/api/v2/write", sink::write);
    server.setExecutor(executor);
    server.start();
    return sink;
  }

  /** The URL to give the job as {@code plantwatch.influx.url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every point received, of any site. */
  public long points() {
    return points.get();
  }

  public long requests() {
    return requests.get();
  }

  public DeliveredReadings.Windows windows() {
    return new DeliveredReadings.Windows() {
      @Override
      public WindowLog get(String machine, String metric, long windowEndMs) {
        return windows.get(key(machine, metric, windowEndMs));
      }

      @Override
      public void forget(String machine, String metric, long windowEndMs) {
        windows.remove(key(machine, metric, windowEndMs));
      }
    };
  }

  /** Windows of the measured site held now (received and not yet forgotten). */
  public int windowsHeld() {
    return windows.size();
  }

  private void write(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      InputStream in = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      byte[] body = in.readAllBytes();
      if (site == null) {
        points.addAndGet(lines(body));
      } else {
        accept(new String(body, StandardCharsets.UTF_8), System.currentTimeMillis());
      }
      requests.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
    }
  }

  /** The points of a request body: its lines that are not blank. */
  static long lines(byte[] body) {
    long n = 0;
    boolean blank = true;
    for (byte b : body) {
      if (b == '\n') {
        n += blank ? 0 : 1;
        blank = true;
      } else if (b != ' ' && b != '\t' && b != '\r') {
        blank = false;
      }
    }
    return n + (blank ? 0 : 1);
  }

  /** Takes the points of one write request received at {@code wallMs}. */
  void accept(String body, long wallMs) {
    int start = 0;
    while (start < body.length()) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = body.length();
      }
      if (end > start) {
        line(body.substring(start, end), wallMs);
      }
      start = end + 1;
    }
  }

  private void line(String line, long wallMs) {
    if (line.isBlank()) {
      return;
    }
    points.incrementAndGet();
    // measurement,tags fields time: the benchmark's identifiers hold no spaces or escapes.
    String[] parts = line.split(" ");
    if (parts.length != 3) {
      return;
    }
    String[] tags = parts[0].split(",");
    if (!tags[0].equals(MEASUREMENT)) {
      return;
    }
    String machine = null;
    String metric = null;
    String pointSite = null;
    for (int i = 1; i < tags.length; i++) {
      String t = tags[i];
      if (t.startsWith("machine=")) {
        machine = t.substring(8);
      } else if (t.startsWith("metric=")) {
        metric = t.substring(7);
      } else if (t.startsWith("site=")) {
        pointSite = t.substring(5);
      }
    }
    if (!site.equals(pointSite) || machine == null || metric == null) {
      return;
    }
    long count = -1;
    for (String f : parts[1].split(",")) {
      if (f.startsWith("count=")) {
        String v = f.substring(6);
        count = Long.parseLong(v.endsWith("i") ? v.substring(0, v.length() - 1) : v);
      }
    }
    if (count < 0) {
      return;
    }
    long end = Long.parseLong(parts[2]);
    windows.computeIfAbsent(key(machine, metric, end), k -> new WindowLog()).write(count, wallMs);
  }

  private static String key(String machine, String metric, long endMs) {
    return machine + '\u0000' + metric + '\u0000' + endMs;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
