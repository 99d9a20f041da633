package io.plantwatch.analytics.alerts.mail;

import io.plantwatch.analytics.alerts.lifecycle.MachineKey;
import io.plantwatch.analytics.config.JobConfig;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where an alert mail's link opens the machine: Grafana's machine-detail dashboard when a Grafana
 * URL is configured ({@code {grafana}/d/{uid}/{slug}?var-site=…&var-line=…&var-machine=…&from=…
 * &to=…}, the hour before the alert to a quarter of an hour after it, in epoch ms as Grafana takes
 * them); otherwise the live view's machine page ({@code {view}/machine?site=…&line=…&machine=…});
 * otherwise none.
 *
 * <p>Identifiers are free text: each is percent-encoded as UTF-8, spaces as {@code %20} (a {@code
 * +} would come back as a plus in a path and in JavaScript's {@code decodeURIComponent}), so that
 * {@code &}, {@code #}, {@code +}, {@code %}, quotes and any unicode come back unchanged.
 *
 * @param grafanaUrl Grafana's base URL, or empty
 * @param grafanaDashboard the machine-detail dashboard's {@code uid/slug}
 * @param viewUrl the live view's base URL, or empty
 */
public record MachineLink(String grafanaUrl, String grafanaDashboard, String viewUrl)
    implements Serializable {
  static final Duration BEFORE = Duration.ofHours(1);
  static final Duration AFTER = Duration.ofMinutes(15);

  /** What the link opens, for the mail's text. */
  public enum Target {
    GRAFANA("Machine dashboard in Grafana"),
    VIEW("Machine in the plantwatch live view");

    private final String label;

    Target(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static MachineLink from(JobConfig c) {
    return new MachineLink(
        c.get(JobConfig.MAIL_GRAFANA_URL),
        c.get(JobConfig.MAIL_GRAFANA_DASHBOARD),
        c.get(JobConfig.MAIL_VIEW_URL));
  }

  /** No link at all. */
  public static MachineLink none() {
    return new MachineLink("", "", "");
  }

  /** What the link opens, or null when no URL is configured. */
  public Target target() {
    if (!grafanaUrl.isEmpty()) {
      return Target.GRAFANA;
    }
    return viewUrl.isEmpty() ? null : Target.VIEW;
  }

  /** The link to {@code machine} around {@code atMillis}, or null when no URL is configured. */
  public String to(MachineKey machine, long atMillis) {
    Target target = target();
    if (target == null) {
      return null;
    }
    if (target == Target.GRAFANA) {
      return base(grafanaUrl)
          + "/d/"
          + grafanaDashboard
          + "?var-site="
          + encode(machine.site())
          + "&var-line="
          + encode(machine.line())
          + "&var-machine="
          + encode(machine.machine())
          + "&from="
          + (atMillis - BEFORE.toMillis())
          + "&to="
          + (atMillis + AFTER.toMillis());
    }
    return base(viewUrl)
        + "/machine?site="
        + encode(machine.site())
        + "&line="
        + encode(machine.line())
        + "&machine="
        + encode(machine.machine());
  }

  /** UTF-8 percent-encoding of a query value, spaces as {@code %20}. */
  static String encode(String value) {
    // URLEncoder writes a space as '+' and a real '+' as %2B, so every '+' left is a space.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String base(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
