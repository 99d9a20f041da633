package io.plantwatch.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.testsupport.KafkaCluster;
import io.plantwatch.view.feed.FeedTopics;
import io.plantwatch.view.fleet.RuleThresholds;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The view in a real headless Chromium against a real Kafka broker, fed the job's records by hand
 * (the whole pipeline behind the view is local-stack's LiveViewPipelineIT): what each page shows,
 * live updates without a reload, hostile names as text, the token beyond loopback.
 */
class LiveViewBrowserIT {
  @RegisterExtension static final KafkaCluster kafka = new KafkaCluster();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "screenshots");

  /** Quotes, markup that would run if parsed, a slash, spaces and unicode. */
  static final String HOSTILE =
      "<img src=x onerror=\"window.pwned=1\"> Presse \"Große\" <script>window.pwned=2</script> 炉 🚀";

  private static final long T0 = 1_717_401_600_000L;
  private static KafkaProducer<byte[], byte[]> producer;
  private static HeadlessChromium chromium;

  @TempDir static Path outbox;

  @BeforeAll
  static void start() {
    for (String t :
        List.of(
            KafkaTopics.WINDOWS,
            KafkaTopics.HEALTH,
            KafkaTopics.ALERTS,
            KafkaTopics.GATEWAY_STATUS)) {
      kafka.createTopic(t, 2);
    }
    producer = kafka.producer(Map.of());
    chromium = new HeadlessChromium();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void everyPageShowsWhatTheJobWroteAndHostileNamesAsText() throws Exception {
    window(
        "Werk Süd", "line 1", "press-01", "temperature", "degC", 1, 61.25, 70.5, 55.0, 12, "gw-1");
    window(
        "Werk Süd", "line 1", "press-01", "temperature", "degC", 2, 62.5, 71.75, 56.25, 12, "gw-1");
    window("Werk Süd", "line 1", "press-01", "vibration", "mm/s", 2, 3.125, 4.5, 2.0, 12, "gw-1");
    window("Werk Süd", "line 2", HOSTILE, "temperature", "degC", 1, 90.5, 99.25, 80.0, 11, "gw-1");
    window("Werk Süd", "line 2", HOSTILE, "temperature", "degC", 2, 95.5, 101.25, 85.0, 12, "gw-1");
    window("Werk Nord", "line 9", "mill-07", "speed", "rpm", 2, 1480.0, 1500.0, 1450.0, 12, "gw-2");
    health("Werk Süd", "line 1", "press-01", 2, 87.4, 70.1, 104.9);
    gateway("gw-1", "online");
    gateway("gw-2", "offline");
    String firingId = "0123456789abcdef0123456789abcdef";
    alert("fedcba9876543210fedcba9876543210", HOSTILE, "PENDING", "OK", 1, 99.25, false);
    alert(firingId, HOSTILE, "FIRING", "PENDING", 2, 101.25, true);
    mail(firingId, "[plantwatch] FIRING temperature-high on " + HOSTILE);
    producer.flush();

    try (LiveView view = view("127.0.0.1", null)) {
      WebDriver browser = chromium.driver();
      String base = view.uri().toString();

      // Fleet: every machine × metric with the values written, the firing machine first.
      browser.get(base + "/");
      try {
        chromium.waitUpTo(Duration.ofSeconds(30)).until(d -> rows(d).size() == 4);
      } catch (org.openqa.selenium.TimeoutException e) {
        // Seen once in a fresh-clone suite, not reproduced: say whether the view had the data.
        throw new AssertionError(
            "the fleet page shows "
                + rows(browser).size()
                + " rows after 30 s; the view's /api/fleet: "
                + fetch(base + "/api/fleet")
                + "; /api/pipeline: "
                + fetch(base + "/api/pipeline"),
            e);
      }
      List<WebElement> rows = rows(browser);
      assertThat(rows.get(0).getAttribute("data-machine")).isEqualTo(HOSTILE);
      assertThat(rows.get(0).getAttribute("class")).contains("level-FIRING");
      assertThat(cell(rows.get(0), "state")).isEqualTo("FIRING");
      assertThat(cell(rows.get(0), "machine")).isEqualTo(HOSTILE);
      assertThat(cell(rows.get(0), "avg")).isEqualTo("95.50");
      assertThat(cell(rows.get(0), "max")).isEqualTo("101.25");
      WebElement pressTemp = row(browser, "press-01", "temperature");
      assertThat(List.of(cell(pressTemp, "avg"), cell(pressTemp, "max"), cell(pressTemp, "min")))
          .containsExactly("62.50", "71.75", "56.25");
      assertThat(cell(pressTemp, "unit")).isEqualTo("degC");
      assertThat(cell(pressTemp, "state")).isEqualTo("OK");
      assertThat(cell(pressTemp, "life")).isEqualTo("87 cycles (70–105)");
      WebElement mill = row(browser, "mill-07", "speed");
      assertThat(cell(mill, "gateway")).isEqualTo("gw-2 (offline)");
      assertThat(cell(row(browser, "press-01", "vibration"), "avg")).isEqualTo("3.13");
      chromium.assertNothingFromTheDataRan();
      chromium.screenshot(SHOTS.resolve("fleet.png"));

      // Filter by site, from the page's own control.
      new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-site")))
          .selectByValue("Werk Nord");
      assertThat(rows(browser))
          .extracting(r -> r.getAttribute("data-machine"))
          .containsExactly("mill-07");

      // A new window reaches an open page without a reload (server-sent events).
      browser.get(base + "/?site=Werk%20S%C3%BCd");
      chromium.waitUpTo(Duration.ofSeconds(30)).until(d -> rows(d).size() == 3);
      window(
          "Werk Süd", "line 1", "press-01", "temperature", "degC", 3, 63.75, 72.0, 57.5, 6, "gw-1");
      producer.flush();
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> "63.75".equals(cell(row(d, "press-01", "temperature"), "avg")));

      // Alerts: newest first, with the mail the firing transition produced.
      browser.get(base + "/alerts");
      chromium.waitUpTo(Duration.ofSeconds(30)).until(d -> transitions(d).size() == 2);
      WebElement firing = transitions(browser).get(0);
      assertThat(firing.getAttribute("data-id")).isEqualTo(firingId);
      assertThat(cell(firing, "state")).isEqualTo("FIRING");
      assertThat(firing.findElement(By.cssSelector("td.machine a")).getText()).isEqualTo(HOSTILE);
      assertThat(cell(firing, "threshold")).isEqualTo("100.00");
      assertThat(firing.findElement(By.cssSelector("td.mail .subject")).getText())
          .isEqualTo("[plantwatch] FIRING temperature-high on " + HOSTILE);
      firing.findElement(By.cssSelector("td.mail button")).click();
      chromium
          .waitUpTo(Duration.ofSeconds(10))
          .until(d -> !d.findElements(By.cssSelector("td.mail pre.mail")).isEmpty());
      assertThat(cell(transitions(browser).get(0), "mail"))
          .contains("(sent, to maintenance@plant.example)");
      assertThat(browser.findElement(By.cssSelector("td.mail pre.mail")).getText())
          .contains("went above 100.0")
          .contains("To: maintenance@plant.example");
      assertThat(cell(transitions(browser).get(1), "mail")).isEqualTo("not mailed");
      chromium.assertNothingFromTheDataRan();
      chromium.screenshot(SHOTS.resolve("alerts.png"));

      // The machine link opens its page: charts drawn with points, threshold and transitions.
      firing.findElement(By.cssSelector("td.machine a")).click();
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> !d.findElements(By.cssSelector("[data-chart] canvas")).isEmpty());
      assertThat(browser.findElement(By.cssSelector("#title .machine-name")).getText())
          .isEqualTo(HOSTILE);
      WebElement chart = browser.findElement(By.cssSelector("[data-chart='temperature 5m/1m']"));
      assertThat(chart.getAttribute("data-points")).isEqualTo("2");
      assertThat(chart.getText()).contains("temperature-high 100.00").contains("alert transitions");
      assertThat(chromium.drawnPixels(chart)).isGreaterThan(500);
      chromium.assertNothingFromTheDataRan();
      chromium.screenshot(SHOTS.resolve("machine.png"));

      // The remaining-life chart, with its band, for the machine that has a model score.
      browser.get(
          base
              + "/machine?site="
              + enc("Werk Süd")
              + "&line="
              + enc("line 1")
              + "&machine=press-01");
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> !d.findElements(By.cssSelector("[data-chart='health'] canvas")).isEmpty());
      assertThat(chromium.drawnPixels(browser.findElement(By.cssSelector("[data-chart='health']"))))
          .isGreaterThan(100);

      // Pipeline: Kafka's figures, moving as records arrive.
      browser.get(base + "/pipeline");
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> HeadlessChromium.stageTotal(d, "window values") == 7);
      window(
          "Werk Süd", "line 1", "press-01", "temperature", "degC", 4, 64.0, 72.0, 57.5, 3, "gw-1");
      producer.flush();
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .withMessage(
              () ->
                  "the pipeline page shows "
                      + browser.findElement(By.id("main")).getText()
                      + "; live: "
                      + browser.findElement(By.id("live")).getText()
                      + "; the server says "
                      + fetch(base + "/api/pipeline"))
          .until(d -> HeadlessChromium.stageTotal(d, "window values") == 8);
      chromium.screenshot(SHOTS.resolve("pipeline.png"));
    }

    // A restarted view shows the same fleet: it reads every topic from its beginning.
    try (LiveView again = view("127.0.0.1", null)) {
      WebDriver browser = chromium.driver();
      browser.get(again.uri() + "/");
      chromium.waitUpTo(Duration.ofSeconds(30)).until(d -> rows(d).size() == 4);
      assertThat(cell(row(browser, "press-01", "temperature"), "avg")).isEqualTo("64.00");
      assertThat(rows(browser).get(0).getAttribute("data-machine")).isEqualTo(HOSTILE);
      assertThat(cell(rows(browser).get(0), "state")).isEqualTo("FIRING");
    }
  }

  @Test
  void beyondLoopbackTheViewWantsItsTokenAndNeverStartsWithout() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> view("0.0.0.0", null))
        .hasMessageContaining("needs a token");
    String token = "t0ken with spaces & symbols";
    try (LiveView view = view("0.0.0.0", token)) {
      HttpClient http = HttpClient.newHttpClient();
      URI api = URI.create(view.uri() + "/api/fleet");
      assertThat(status(http, HttpRequest.newBuilder(api))).isEqualTo(401);
      assertThat(status(http, HttpRequest.newBuilder(api).header("Authorization", "Bearer wrong")))
          .isEqualTo(401);
      assertThat(
              status(http, HttpRequest.newBuilder(api).header("Authorization", "Bearer " + token)))
          .isEqualTo(200);
      // In the browser: the token once in the address, then a cookie, and the address is clean.
      WebDriver browser = chromium.driver();
      browser.get(view.uri() + "/alerts?token=" + enc(token));
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty());
      assertThat(browser.getCurrentUrl()).isEqualTo(view.uri() + "/alerts");
      browser.get(view.uri() + "/pipeline");
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> !d.findElements(By.cssSelector("tr.stage")).isEmpty());
    }
  }

  private static LiveView view(String bind, String token) throws Exception {
    return LiveView.start(
        new LiveView.Settings(
            kafka.bootstrapServers(),
            FeedTopics.defaults(),
            bind,
            0,
            token,
            outbox,
            Duration.ofHours(2),
            RuleThresholds.NONE,
            null));
  }

  private static String fetch(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static int status(HttpClient http, HttpRequest.Builder r) throws Exception {
    return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static List<WebElement> rows(WebDriver d) {
    return d.findElements(By.cssSelector("#fleet tr.metric-row"));
  }

  private static List<WebElement> transitions(WebDriver d) {
    return d.findElements(By.cssSelector("#alerts tr.transition"));
  }

  private static WebElement row(WebDriver d, String machine, String metric) {
    for (WebElement r : rows(d)) {
      if (machine.equals(r.getAttribute("data-machine"))
          && metric.equals(r.getAttribute("data-metric"))) {
        return r;
      }
    }
    throw new AssertionError("no row for " + machine + " " + metric);
  }

  private static String cell(WebElement row, String cls) {
    return row.findElement(By.cssSelector("td." + cls)).getText();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void window(
      String site,
      String line,
      String machine,
      String metric,
      String unit,
      int minute,
      double avg,
      double max,
      double min,
      long count,
      String gateway)
      throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("site", site);
    n.put("line", line);
    n.put("machine", machine);
    n.put("metric", metric);
    n.put("unit", unit);
    n.put("window", "5m/1m");
    long end = T0 + minute * 60_000L;
    n.put("windowStart", end - 300_000L);
    n.put("windowEnd", end);
    n.put("avg", avg);
    n.put("max", max);
    n.put("min", min);
    n.put("count", count);
    n.put("gateway", gateway);
    send(
        KafkaTopics.WINDOWS,
        JSON.writeValueAsString(List.of(site, line, machine, metric, "5m/1m")),
        n);
  }

  private static void health(
      String site, String line, String machine, int minute, double rul, double low, double high)
      throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("site", site);
    n.put("line", line);
    n.put("machine", machine);
    n.put("model", "rul-test");
    n.put("at", T0 + minute * 60_000L);
    n.put("rul", rul);
    n.put("low", low);
    n.put("high", high);
    send(KafkaTopics.HEALTH, JSON.writeValueAsString(List.of(site, line, machine)), n);
  }

  private static void gateway(String gateway, String state) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("gateway", gateway);
    n.put("state", state);
    n.put("ts", T0);
    send(KafkaTopics.GATEWAY_STATUS, gateway, n);
  }

  private static void alert(
      String id,
      String machine,
      String state,
      String previous,
      int minute,
      double value,
      boolean mailed)
      throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("id", id);
    n.put("site", "Werk Süd");
    n.put("line", "line 2");
    n.put("machine", machine);
    n.put("gateway", "gw-1");
    n.put("rule", "temperature-high");
    n.put("severity", "critical");
    n.put("metric", "temperature");
    n.put("state", state);
    n.put("previous", previous);
    n.put("at", T0 + minute * 60_000L);
    n.put("value", value);
    n.put("threshold", 100.0);
    n.putNull("forecast_minutes");
    n.put("flapping", false);
    n.put("mailed", mailed);
    n.put("message", "max temperature " + value + " > 100.0 <b>hot</b>");
    n.putArray("history");
    send(KafkaTopics.ALERTS, id, n);
  }

  private static void send(String topic, String key, ObjectNode value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic, key.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(value)))
        .get();
  }

  /** A mail as the job's outbox writes it, delivered ({@code sent/KEY.eml}). */
  private static void mail(String id, String subject) throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress("plantwatch@plant.example"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("maintenance@plant.example"));
    m.setSubject(subject, "UTF-8");
    m.setText("The maximum temperature went above 100.0: 101.25.\n", "UTF-8");
    m.setSentDate(new java.util.Date(T0));
    m.setHeader("X-Plantwatch-Transitions", id);
    Files.createDirectories(outbox.resolve("sent"));
    // Named by the mail's own key, as the job's outbox does; the header ties it to the transition.
    String key = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    try (OutputStream out = Files.newOutputStream(outbox.resolve("sent").resolve(key + ".eml"))) {
      m.writeTo(out);
    }
  }
}
