package io.plantwatch.analytics.alerts.mail;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import io.plantwatch.analytics.alerts.lifecycle.AlertPhase;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders alert events into mails from the Mustache templates in {@code alerts/mail/}: one mail per
 * event, or one digest for many. The HTML template escapes every value (machine names are free text
 * from the field); the plain-text template writes them as they are. Subjects never contain line
 * breaks, so no value can add a mail header.
 */
public final class AlertMails {
  private final Mustache html;
  private final Mustache text;
  private final MachineLink link;

  public AlertMails(MachineLink link) {
    this.link = link;
    this.html = new DefaultMustacheFactory().compile("alerts/mail/alert.html.mustache");
    this.text = new PlainTextFactory().compile("alerts/mail/alert.txt.mustache");
  }

  /** One mail for one event. */
  public Mail single(String to, AlertEvent e) {
    String subject =
        String.format(
            Locale.ROOT,
            "[plantwatch %s] %s: %s on %s (%s/%s)",
            e.severity(),
            stateText(e),
            e.rule(),
            e.key().machine(),
            e.key().site(),
            e.key().line());
    return render(to, subject, List.of(e));
  }

  /** One digest mail for several events (an alert storm in one micro-batch). */
  public Mail digest(String to, List<AlertEvent> events) {
    long firing = events.stream().filter(e -> e.state() == AlertPhase.FIRING).count();
    long machines = events.stream().map(AlertEvent::key).distinct().count();
    String subject =
        String.format(
            Locale.ROOT,
            "[plantwatch digest] %d alert changes on %d machines (%d firing)",
            events.size(),
            machines,
            firing);
    return render(to, subject, events);
  }

  private Mail render(String to, String subject, List<AlertEvent> events) {
    String key = key(to, events);
    String safeSubject = oneLine(subject);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("subject", safeSubject);
    view.put("key", key);
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (AlertEvent e : events) {
      alerts.add(view(e));
    }
    view.put("alerts", alerts);
    return new Mail(
        key,
        to,
        safeSubject,
        run(text, view),
        run(html, view),
        events.stream().map(AlertEvent::idempotencyKey).toList());
  }

  private Map<String, Object> view(AlertEvent e) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("stateText", stateText(e));
    v.put("rule", e.rule());
    v.put("machine", e.key().machine());
    v.put("site", e.key().site());
    v.put("line", e.key().line());
    v.put("severity", e.severity());
    v.put("metric", e.metric());
    v.put("time", Instant.ofEpochMilli(e.at()).toString());
    v.put("message", e.message());
    v.put("value", number(e.value()));
    v.put("threshold", number(e.threshold()));
    v.put(
        "forecast",
        e.forecastMinutes() == null
            ? null
            : String.format(Locale.ROOT, "%.0f", e.forecastMinutes()));
    v.put("flapping", e.flapping());
    String url = link.to(e.key(), e.at());
    v.put("hasLink", url != null);
    v.put("linkUrl", url);
    v.put("linkLabel", url == null ? null : link.target().label());
    double max = e.history().stream().mapToDouble(p -> Math.abs(p.value())).max().orElse(1);
    List<Map<String, Object>> history = new ArrayList<>();
    for (AlertEvent.Point p : e.history()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("time", Instant.ofEpochMilli(p.windowEnd()).toString());
      row.put("value", number(p.value()));
      row.put("bar", max == 0 ? 0 : Math.round(120 * Math.abs(p.value()) / max));
      history.add(row);
    }
    v.put("history", history);
    v.put("hasHistory", !history.isEmpty());
    return v;
  }

  private static String stateText(AlertEvent e) {
    return switch (e.state()) {
      case FIRING -> "FIRING";
      case RESOLVED -> "RESOLVED";
      case STALE -> "NO DATA";
      case FLAPPING -> "FLAPPING";
      case FLAPPING_ENDED -> "SETTLED";
      default -> e.state().name();
    };
  }

  /** The same events to the same recipient always give the same key. */
  static String key(String to, List<AlertEvent> events) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(to.getBytes(StandardCharsets.UTF_8));
      events.stream()
          .map(AlertEvent::idempotencyKey)
          .sorted()
          .forEach(k -> d.update(k.getBytes(StandardCharsets.US_ASCII)));
      return HexFormat.of().formatHex(d.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** Control characters (CR, LF, tab, …) become spaces: a subject is one header line. */
  static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").strip();
  }

  private static String number(double d) {
    return Double.isNaN(d)
        ? "-"
        : String.format(Locale.ROOT, "%.6g", d).replaceFirst("\\.?0+(e|$)", "$1");
  }

  private static String run(Mustache m, Map<String, Object> view) {
    StringWriter out = new StringWriter();
    m.execute(out, view);
    return out.toString();
  }

  /** Mustache without HTML escaping, for the text/plain part. */
  private static final class PlainTextFactory extends DefaultMustacheFactory {
    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
