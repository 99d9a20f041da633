package io.plantwatch.view.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantwatch.view.fleet.Fleet;
import io.plantwatch.view.fleet.MachineId;
import io.plantwatch.view.fleet.RuleThresholds;
import io.plantwatch.view.mail.Outbox;
import io.plantwatch.view.mail.OutboxMail;
import io.plantwatch.view.pipeline.PipelineRates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view's web server: four pages, their JSON, server-sent events that tell a page when to fetch
 * again, and uPlot from its WebJar. The JDK's HTTP server is enough for a handful of pages and
 * clients, and keeps the view free of a servlet container. Pages are static files that fill
 * themselves from the JSON with {@code textContent} only, so no identifier can become markup.
 */
public final class ViewServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewServer.class);
  private static final String STATIC = "io/plantwatch/view/web/static/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/";

  /**
   * The four pages, rendered once from one shell: each is filled by its own script from the JSON.
   */
  private static final Map<String, String> PAGES =
      Map.of(
          "/",
          shell("fleet", "Fleet", ""),
          "/machine",
          shell(
              "machine",
              "Machine",
              "\n  <link rel=\"stylesheet\" href=\"/webjars/uplot/dist/uPlot.min.css\">"
                  + "\n  <script src=\"/webjars/uplot/dist/uPlot.iife.min.js\"></script>"),
          "/alerts",
          shell("alerts", "Alerts", ""),
          "/pipeline",
          shell("pipeline", "Pipeline", ""));

  private static final int MAX_EVENT_STREAMS = 64;

  /**
   * A stream ends after this long and the browser opens a new one (EventSource reconnects by
   * itself): a client that vanished without a word holds a thread for a minute at most.
   */
  private static final long EVENT_STREAM_MILLIS = 60_000;

  private static final int MAX_TRANSITIONS = 500;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ViewAccess access;
  private final Fleet fleet;
  private final RuleThresholds rules;
  private final PipelineRates pipeline;
  private final Outbox outbox;
  private final Semaphore streams = new Semaphore(MAX_EVENT_STREAMS);
  private volatile boolean open = true;

  private ViewServer(
      HttpServer server,
      ViewAccess access,
      Fleet fleet,
      RuleThresholds rules,
      PipelineRates pipeline,
      Outbox outbox) {
    this.server = server;
    this.access = access;
    this.fleet = fleet;
    this.rules = rules;
    this.pipeline = pipeline;
    this.outbox = outbox;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "live-view-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving on {@code bind}:{@code port} (0 = a free port). A token is required, and refused
   * when missing, for any address but loopback.
   */
  public static ViewServer start(
      String bind,
      int port,
      String token,
      Fleet fleet,
      RuleThresholds rules,
      PipelineRates pipeline,
      Outbox outbox)
      throws IOException {
    boolean remote = ViewAccess.needsToken(bind);
    if (remote && (token == null || token.isEmpty())) {
      throw new IllegalArgumentException(
          "the live view on "
              + bind
              + " is reachable from other machines and needs a token: set PLANTWATCH_VIEW_TOKEN"
              + " or --token-file, or bind to 127.0.0.1");
    }
    ViewAccess access =
        token == null || token.isEmpty() ? ViewAccess.open() : ViewAccess.token(token);
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    ViewServer view = new ViewServer(server, access, fleet, rules, pipeline, outbox);
    server.start();
    LOG.info("live view on {} ({})", view.uri(), access.required() ? "token required" : "no token");
    return view;
  }

  public URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        send(ex, 405, "text/plain", "GET only\n");
        return;
      }
      if (!access.allows(ex)) {
        if (access.queryTokenMatches(ex)) {
          ex.getResponseHeaders()
              .add(
                  "Set-Cookie",
                  ViewAccess.COOKIE
                      + "="
                      + access.cookieValue()
                      + "; Path=/; HttpOnly; SameSite=Strict");
          ex.getResponseHeaders().add("Location", withoutToken(ex.getRequestURI()));
          ex.sendResponseHeaders(303, -1);
          return;
        }
        send(ex, 401, "text/plain", "the live view needs its token: open it with ?token=…\n");
        return;
      }
      if (PAGES.containsKey(path)) {
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        send(ex, 200, "text/html", PAGES.get(path));
      } else if (path.startsWith("/static/")) {
        resource(ex, STATIC + path.substring("/static/".length()));
      } else if (path.startsWith("/webjars/uplot/")) {
        resource(ex, UPLOT + path.substring("/webjars/uplot/".length()));
      } else if (path.equals("/api/fleet")) {
        json(ex, FleetJson.fleet(fleet));
      } else if (path.equals("/api/machine")) {
        Map<String, String> q = query(ex.getRequestURI());
        MachineId id =
            new MachineId(
                q.getOrDefault("site", ""),
                q.getOrDefault("line", ""),
                q.getOrDefault("machine", ""));
        json(ex, FleetJson.machine(fleet, id, rules));
      } else if (path.equals("/api/alerts")) {
        json(ex, FleetJson.alerts(fleet, outbox, MAX_TRANSITIONS));
      } else if (path.equals("/api/mail")) {
        Optional<Map.Entry<OutboxMail, String>> mail =
            outbox == null ? Optional.empty() : outbox.mail(query(ex.getRequestURI()).get("key"));
        if (mail.isEmpty()) {
          send(ex, 404, "text/plain", "no such mail in the outbox\n");
        } else {
          json(ex, FleetJson.mail(mail.get().getKey(), mail.get().getValue()));
        }
      } else if (path.equals("/api/pipeline")) {
        json(ex, FleetJson.pipeline(pipeline.now()));
      } else if (path.equals("/api/events")) {
        events(ex);
      } else {
        send(ex, 404, "text/plain", "not found\n");
      }
    } catch (IOException e) {
      // The browser went away mid-answer: nothing to tell anyone.
      LOG.debug("live view request {}: {}", ex.getRequestURI().getPath(), e.toString());
    } catch (RuntimeException e) {
      LOG.warn("live view request {} failed: {}", ex.getRequestURI().getPath(), e.toString(), e);
    }
  }

  /**
   * Server-sent events: a {@code tick} every second with the fleet's version, so that a page
   * fetches again when the version moved (and the pipeline page every tick). A reload or a
   * reconnect simply fetches everything again.
   */
  private void events(HttpExchange ex) throws IOException {
    if (!streams.tryAcquire()) {
      send(ex, 503, "text/plain", "too many live pages open\n");
      return;
    }
    try {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().add("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
      long end = System.currentTimeMillis() + EVENT_STREAM_MILLIS;
      while (open && System.currentTimeMillis() < end) {
        String data =
            "event: tick\ndata: {\"version\":"
                + fleet.version()
                + ",\"at\":"
                + System.currentTimeMillis()
                + "}\n\n";
        out.write(data.getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.release();
    }
  }

  private static String shell(String script, String title, String head) {
    try (InputStream in =
        ViewServer.class.getClassLoader().getResourceAsStream(STATIC + "page.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("%TITLE%", title)
          .replace("%HEAD%", head)
          .replace("%PAGE%", script);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the view's page shell is missing from its jar", e);
    }
  }

  private void resource(HttpExchange ex, String name) throws IOException {
    if (name.contains("..")) {
      send(ex, 404, "text/plain", "not found\n");
      return;
    }
    try (InputStream in = ViewServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        send(ex, 404, "text/plain", "not found\n");
        return;
      }
      byte[] body = in.readAllBytes();
      ex.getResponseHeaders()
          .add("Cache-Control", name.startsWith(UPLOT) ? "max-age=86400" : "no-cache");
      send(ex, 200, contentType(name), body);
    }
  }

  private static void json(HttpExchange ex, JsonNode n) throws IOException {
    ex.getResponseHeaders().add("Cache-Control", "no-store");
    send(ex, 200, "application/json", FleetJson.JSON.writeValueAsBytes(n));
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    send(ex, status, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    var h = ex.getResponseHeaders();
    h.add("Content-Type", type);
    h.add("X-Content-Type-Options", "nosniff");
    h.add("Referrer-Policy", "no-referrer");
    // Scripts only from the view itself: an identifier that slipped into markup could not run.
    h.add(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      ex.getResponseBody().write(body);
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
    }
    return out;
  }

  private static String withoutToken(URI uri) {
    String raw = uri.getRawQuery();
    StringBuilder q = new StringBuilder();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (!pair.startsWith("token=")) {
          q.append(q.length() == 0 ? "?" : "&").append(pair);
        }
      }
    }
    return uri.getRawPath() + q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String uplotVersion() {
    try (InputStream in =
        ViewServer.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "missing");
    } catch (IOException e) {
      return "missing";
    }
  }

  @Override
  public void close() {
    open = false;
    server.stop(0);
    executor.shutdownNow();
  }
}
