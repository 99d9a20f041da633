package io.plantwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.view.HeadlessChromium;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The whole pipeline with its live view, in a real headless Chromium: a simulated fleet and one
 * machine with a hostile name whose rule fires. The fleet page shows every machine with the values
 * the job wrote, the firing machine coloured; the alerts page lists the transition with its mail;
 * the machine page draws its charts; the pipeline page's figures move; the mail's link opens the
 * machine's page. Screenshots of the four pages go to {@code target/screenshots/}.
 */
class LiveViewPipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String HOSTILE_LINE = "Linie \"B\" & <i>2";
  private static final String HOSTILE =
      "<img src=x onerror=\"window.pwned=1\"> Presse \"Große\" & <svg onload=window.pwned=2> 炉";

  @TempDir Path out;

  @Test
  void theOperatorSeesWhatThePipelineComputes() throws Exception {
    Path rules = out.resolve("rules.yaml");
    Files.writeString(
        rules,
        String.join(
            "\n",
            "version: 1",
            "rules:",
            "  - name: hot-press",
            "    type: threshold",
            "    metric: temperature",
            "    window: 1m/1m",
            "    statistic: max",
            "    operator: '>'",
            "    threshold: 90",
            "    for: 1",
            "    severity: critical",
            "    select: {line: " + JSON.writeValueAsString(HOSTILE_LINE) + "}",
            ""));
    StackSettings settings =
        StackSettings.in(out.resolve("run"))
            .connectorTasks(1)
            .partitions(2)
            .windows("1m/1m", Duration.ofSeconds(30), Duration.ofSeconds(1))
            .fleet(
                new StackSettings.Fleet(
                    3, List.of("temperature", "vibration"), 2, 1000, 0, null, 0, 0, 7, null))
            // An alert watermark within the windows' own: the windows query judges the rule's
            // windows, sooner than the default minute would.
            .jobConf(
                Map.of(
                    JobConfig.ALERTS_RULES.name(),
                    rules.toString(),
                    JobConfig.ALERTS_WATERMARK.name(),
                    "20s"))
            .view(0)
            .build();
    AtomicBoolean publishing = new AtomicBoolean(true);
    try (LocalStack stack = LocalStack.start(settings);
        HeadlessChromium chromium = new HeadlessChromium()) {
      Thread hostile = publishHostile(stack.siteBrokerUri(), publishing);
      WebDriver browser = chromium.driver();
      String base = stack.view().uri().toString();

      // Pipeline: the components' own counters, moving while the fleet publishes.
      browser.get(base + "/pipeline");
      chromium
          .waitUpTo(Duration.ofSeconds(60))
          .until(d -> HeadlessChromium.stageTotal(d, "devices published") > 0);
      long first = HeadlessChromium.stageTotal(browser, "devices published");
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(
              d ->
                  HeadlessChromium.stageTotal(d, "devices published") > first
                      && HeadlessChromium.stageTotal(d, "window values written") > 0);
      chromium.screenshot(SHOTS.resolve("run-pipeline.png"));

      // The hostile machine's rule fires and its mail reaches the outbox.
      Path mail = awaitMail(settings.outbox(), Duration.ofSeconds(180));

      // Stop the devices and let the job work everything off: the page must then show exactly
      // the newest values the job published.
      publishing.set(false);
      hostile.join(5000);
      stack.stopDevices();
      Thread.sleep(3000);
      stack.processAllAvailable();
      Map<List<String>, JsonNode> newest = newestWindows(stack.kafkaBootstrap());
      assertThat(newest.keySet())
          .extracting(k -> k.get(2))
          .contains("press-001", "press-002", "press-003", HOSTILE);

      browser.get(base + "/");
      chromium
          .waitUpTo(Duration.ofSeconds(60))
          .withMessage(
              () -> "fleet page differs from telemetry.windows: " + mismatches(browser, newest))
          .until(d -> mismatches(d, newest).isEmpty());
      List<WebElement> rows = browser.findElements(By.cssSelector("#fleet tr.metric-row"));
      assertThat(rows).hasSize(newest.size());
      assertThat(rows.get(0).getAttribute("data-machine")).isEqualTo(HOSTILE);
      assertThat(rows.get(0).getAttribute("class")).contains("level-FIRING");
      assertThat(rows.get(0).findElement(By.cssSelector("td.machine")).getText())
          .isEqualTo(HOSTILE);
      assertThat(rows.get(0).findElement(By.cssSelector("td.line")).getText())
          .isEqualTo(HOSTILE_LINE);
      chromium.assertNothingFromTheDataRan();
      chromium.screenshot(SHOTS.resolve("run-fleet.png"));

      // Alerts: the FIRING transition with the mail it produced.
      browser.get(base + "/alerts");
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(
              d ->
                  !d.findElements(By.cssSelector("#alerts tr.transition[data-state='FIRING']"))
                      .isEmpty());
      WebElement firing =
          browser.findElement(By.cssSelector("#alerts tr.transition[data-state='FIRING']"));
      assertThat(firing.getAttribute("data-machine")).isEqualTo(HOSTILE);
      assertThat(firing.findElement(By.cssSelector("td.rule")).getText()).isEqualTo("hot-press");
      String subject = subject(mail);
      assertThat(firing.findElement(By.cssSelector("td.mail .subject")).getText())
          .isEqualTo(subject);
      chromium.assertNothingFromTheDataRan();
      chromium.screenshot(SHOTS.resolve("run-alerts.png"));

      // The mail's link opens the machine's page.
      String link = viewLink(mail, base);
      browser.get(link);
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> !d.findElements(By.cssSelector("[data-chart] canvas")).isEmpty());
      assertThat(browser.findElement(By.cssSelector("#title .machine-name")).getText())
          .isEqualTo(HOSTILE);
      assertThat(browser.findElement(By.cssSelector("#states")).getText())
          .contains("hot-press: FIRING");
      WebElement chart = browser.findElement(By.cssSelector("[data-chart='temperature 1m/1m']"));
      assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThan(0);
      assertThat(chart.getText()).contains("hot-press 90.00");
      assertThat(chromium.drawnPixels(chart)).isGreaterThan(500);
      chromium.assertNothingFromTheDataRan();

      // A simulated machine's page: a chart per metric, drawn.
      browser.get(base + "/machine?site=plant1&line=line1&machine=press-001");
      chromium
          .waitUpTo(Duration.ofSeconds(30))
          .until(d -> d.findElements(By.cssSelector("[data-chart] canvas")).size() == 2);
      for (WebElement c : browser.findElements(By.cssSelector("[data-chart]"))) {
        assertThat(chromium.drawnPixels(c)).as(c.getAttribute("data-chart")).isGreaterThan(500);
      }
      chromium.screenshot(SHOTS.resolve("run-machine.png"));
    }
  }

  /** Readings of the hostile machine, hot enough for its rule, once a second. */
  private static Thread publishHostile(String broker, AtomicBoolean publishing) throws Exception {
    MqttClient client = new MqttClient(broker, "hostile-device", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    client.connect(o);
    String topic = "plant/plant1/" + HOSTILE_LINE + "/" + HOSTILE + "/telemetry";
    Thread t =
        new Thread(
            () -> {
              try {
                for (int i = 0; publishing.get(); i++) {
                  String payload =
                      String.format(
                          Locale.ROOT,
                          "{\"ts\": %d, \"metrics\": {\"temperature\": {\"value\": %.2f, \"unit\": \"degC\"}}}",
                          System.currentTimeMillis(),
                          91.0 + (i % 4));
                  client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
                  Thread.sleep(1000);
                }
                client.disconnect();
                client.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "hostile-device");
    t.start();
    return t;
  }

  /** The newest record per key of telemetry.windows: the greatest window end, then the last. */
  private static Map<List<String>, JsonNode> newestWindows(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    Map<List<String>, JsonNode> out = new HashMap<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps =
          c.partitionsFor(KafkaTopics.WINDOWS).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          JsonNode v = JSON.readTree(r.value());
          List<String> key =
              List.of(
                  v.get("site").asText(),
                  v.get("line").asText(),
                  v.get("machine").asText(),
                  v.get("metric").asText(),
                  v.get("window").asText());
          JsonNode before = out.get(key);
          if (before == null || before.get("windowEnd").asLong() <= v.get("windowEnd").asLong()) {
            out.put(key, v);
          }
        }
      }
    }
    return out;
  }

  /** Rows of the fleet page whose avg, max or min differ from the job's newest record. */
  private static List<String> mismatches(WebDriver d, Map<List<String>, JsonNode> newest) {
    List<String> wrong = new ArrayList<>();
    List<WebElement> rows = d.findElements(By.cssSelector("#fleet tr.metric-row"));
    if (rows.size() != newest.size()) {
      wrong.add(rows.size() + " rows for " + newest.size() + " windows");
    }
    for (WebElement r : rows) {
      List<String> key =
          List.of(
              r.findElement(By.cssSelector("td.site")).getText(),
              r.getAttribute("data-line"),
              r.getAttribute("data-machine"),
              r.getAttribute("data-metric"),
              "1m/1m");
      JsonNode w = newest.get(key);
      if (w == null) {
        wrong.add("no window for " + key);
        continue;
      }
      for (String stat : List.of("avg", "max", "min")) {
        String shown = r.findElement(By.cssSelector("td." + stat)).getText();
        String expected = String.format(Locale.US, "%,.2f", w.get(stat).asDouble());
        if (!shown.equals(expected)) {
          wrong.add(key + " " + stat + " shows " + shown + ", the job wrote " + expected);
        }
      }
    }
    return wrong;
  }

  private static Path awaitMail(Path outbox, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.walk(outbox)) {
        List<Path> mails = files.filter(f -> f.toString().endsWith(".eml")).toList();
        if (!mails.isEmpty()) {
          return mails.get(0);
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no alert mail in " + outbox + " within " + within);
  }

  private static MimeMessage message(Path mail) throws Exception {
    try (InputStream in = Files.newInputStream(mail)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }

  private static String subject(Path mail) throws Exception {
    return message(mail).getSubject();
  }

  /** The link to the live view's machine page in the mail's text. */
  private static String viewLink(Path mail, String base) throws Exception {
    String raw = Files.readString(mail, StandardCharsets.ISO_8859_1);
    String text = textOf(message(mail));
    Matcher m = Pattern.compile(Pattern.quote(base) + "/machine\\?[^\\s\"<>]+").matcher(text);
    assertThat(m.find())
        .as(
            "a link to %s/machine in the mail: %s",
            base, raw.length() > 4000 ? raw.substring(0, 4000) : raw)
        .isTrue();
    return m.group();
  }

  private static String textOf(jakarta.mail.Part part) throws Exception {
    if (part.isMimeType("text/*")) {
      return part.getContent().toString();
    }
    StringBuilder all = new StringBuilder();
    if (part.isMimeType("multipart/*")) {
      jakarta.mail.Multipart mp = (jakarta.mail.Multipart) part.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        all.append(textOf(mp.getBodyPart(i))).append('\n');
      }
    }
    return all.toString();
  }
}
