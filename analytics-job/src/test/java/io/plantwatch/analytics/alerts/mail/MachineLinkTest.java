package io.plantwatch.analytics.alerts.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.config.JobConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The mail's machine link: Grafana's provisioned machine-detail dashboard (its uid, slug and
 * variables read from the dashboard JSON the stack provisions), the live view's machine page
 * otherwise, none without either; hostile identifiers survive the round trip.
 */
class MachineLinkTest {
  private static final Path DASHBOARDS = Path.of("..", "dashboards", "grafana", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long AT = 1_717_401_600_000L;

  private static final MachineKey HOSTILE =
      new MachineKey(
          "Werk Süd & \"Halle\" #3",
          "line 1+2 = 100% ✓",
          "press <script>alert('x')</script>, Ofen 🚀 / ?a=b;c");

  @Test
  void theGrafanaLinkOpensTheProvisionedMachineDetailDashboard() throws Exception {
    String[] configured = defaultDashboard().split("/");
    JsonNode dashboard = provisioned(configured[0]);
    assertThat(configured[1])
        .as("the slug Grafana derives from the dashboard's title")
        .isEqualTo(slug(dashboard.get("title").asText()));

    String link = grafana().to(new MachineKey("hamburg", "L1", "press-7"), AT);
    URI uri = new URI(link);
    assertThat(uri.getScheme() + "://" + uri.getAuthority()).isEqualTo("http://grafana.plant:3000");
    assertThat(uri.getRawPath()).isEqualTo("/d/" + configured[0] + "/" + configured[1]);

    Map<String, String> query = query(uri);
    List<String> templated = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> templated.add(v.get("name").asText()));
    for (String name : query.keySet()) {
      if (name.startsWith("var-")) {
        assertThat(templated)
            .as("the dashboard has the variable %s", name)
            .contains(name.substring(4));
      }
    }
    assertThat(query)
        .containsExactly(
            Map.entry("var-site", "hamburg"),
            Map.entry("var-line", "L1"),
            Map.entry("var-machine", "press-7"),
            Map.entry("from", Long.toString(AT - 3_600_000)),
            Map.entry("to", Long.toString(AT + 900_000)));
  }

  @Test
  void hostileIdentifiersSurviveTheGrafanaLink() throws Exception {
    String link = grafana().to(HOSTILE, AT);
    URI uri = new URI(link); // a valid URI: nothing unencoded that would need escaping
    assertThat(uri.getRawFragment()).as("a '#' would cut the link").isNull();
    assertThat(uri.getRawQuery()).doesNotContain(" ").doesNotContain("+");
    Map<String, String> query = query(uri);
    assertThat(query)
        .containsEntry("var-site", HOSTILE.site())
        .containsEntry("var-line", HOSTILE.line())
        .containsEntry("var-machine", HOSTILE.machine());
  }

  @Test
  void withoutGrafanaTheLinkOpensTheViewsMachinePage() throws Exception {
    MachineLink link = new MachineLink("", defaultDashboard(), "http://127.0.0.1:8090/");
    assertThat(link.target()).isEqualTo(MachineLink.Target.VIEW);
    URI uri = new URI(link.to(HOSTILE, AT));
    assertThat(uri.getScheme() + "://" + uri.getAuthority()).isEqualTo("http://127.0.0.1:8090");
    assertThat(uri.getRawPath()).isEqualTo("/machine");
    assertThat(uri.getRawFragment()).isNull();
    assertThat(query(uri))
        .containsExactly(
            Map.entry("site", HOSTILE.site()),
            Map.entry("line", HOSTILE.line()),
            Map.entry("machine", HOSTILE.machine()));
  }

  @Test
  void grafanaWinsOverTheView() {
    MachineLink link =
        new MachineLink("http://grafana.plant:3000", defaultDashboard(), "http://127.0.0.1:8090");
    assertThat(link.target()).isEqualTo(MachineLink.Target.GRAFANA);
    assertThat(link.to(HOSTILE, AT)).startsWith("http://grafana.plant:3000/d/");
  }

  @Test
  void withNeitherTheMailHasNoLink() {
    MachineLink none = MachineLink.from(JobConfig.from(Map.of("plantwatch.checkpoint", "/tmp/x")));
    assertThat(none.target()).as("no Grafana and no view URL by default").isNull();
    assertThat(none.to(HOSTILE, AT)).isNull();
    Mail mail = new AlertMails(none).single("crew@example.org", event());
    assertThat(mail.text()).doesNotContain("http").doesNotContain("Grafana");
    assertThat(mail.html()).doesNotContain("href").doesNotContain("Grafana");
  }

  @Test
  void theMailCarriesTheLinkInBothParts() {
    MachineLink view = new MachineLink("", defaultDashboard(), "http://view.plant:8090");
    Mail mail = new AlertMails(view).single("crew@example.org", event());
    String url = view.to(HOSTILE, AT);
    assertThat(mail.text()).contains("Machine in the plantwatch live view: " + url);
    // HTML-escaped in the attribute (Mustache escapes & and =), the same URL once unescaped.
    assertThat(mail.html().replace("&amp;", "&").replace("&#61;", "="))
        .contains("href=\"" + url + "\"");
  }

  private static MachineLink grafana() {
    return new MachineLink("http://grafana.plant:3000/", defaultDashboard(), "");
  }

  private static String defaultDashboard() {
    return JobConfig.MAIL_GRAFANA_DASHBOARD.defaultValue();
  }

  private static AlertEvent event() {
    return new AlertEvent(
        HOSTILE,
        "temp-high",
        "warning",
        "temperature",
        AlertPhase.FIRING,
        AlertPhase.PENDING,
        AT,
        81.5,
        80,
        null,
        "temperature avg 81.5 > 80",
        false,
        List.of());
  }

  /** The provisioned dashboard with this uid, from the files Grafana is given. */
  private static JsonNode provisioned(String uid) throws Exception {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode d = JSON.readTree(f.toFile());
        if (uid.equals(d.path("uid").asText())) {
          return d;
        }
      }
    }
    throw new AssertionError("no dashboard with uid " + uid + " in " + DASHBOARDS);
  }

  /** Grafana's slug of a title: lower case, runs of other characters as one '-'. */
  private static String slug(String title) {
    return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  /** The query's parameters, decoded as a browser's URLSearchParams would (UTF-8). */
  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
