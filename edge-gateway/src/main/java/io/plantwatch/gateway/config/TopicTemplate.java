package io.plantwatch.gateway.config;

import io.plantwatch.telemetry.PayloadFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A device topic template such as {@code plant/{site}/{line}/{machine}/telemetry}: which topic
 * levels hold the site, line, machine and (for bare numbers) the metric. The MQTT filter to
 * subscribe is the template with {@code +} for each placeholder.
 */
public final class TopicTemplate {
  private static final Set<String> PLACEHOLDERS =
      Set.of("{site}", "{line}", "{machine}", "{metric}");

  /** Where a message came from, read off its topic. */
  public record Origin(String site, String line, String machine, String metric) {}

  private final String template;
  private final String[] levels;

  private TopicTemplate(String template) {
    this.template = template;
    this.levels = template.split("/", -1);
  }

  public static TopicTemplate parse(String template, PayloadFormat format) {
    String problem = problem(template, format);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new TopicTemplate(template);
  }

  /** Null if the template is usable with {@code format}, else what is wrong. */
  public static String problem(String template, PayloadFormat format) {
    List<String> seen = new ArrayList<>();
    for (String level : template.split("/", -1)) {
      if (level.contains("+") || level.contains("#")) {
        return "use {site}, {line}, {machine}, {metric} placeholders, not MQTT wildcards: '"
            + template
            + "'";
      }
      if (level.contains("{") || level.contains("}")) {
        if (!PLACEHOLDERS.contains(level)) {
          return "unknown placeholder '" + level + "' (known: " + PLACEHOLDERS + ")";
        }
        if (seen.contains(level)) {
          return "placeholder " + level + " appears twice";
        }
        seen.add(level);
      }
    }
    for (String required : List.of("{site}", "{line}", "{machine}")) {
      if (!seen.contains(required)) {
        return "template must contain " + required + ": '" + template + "'";
      }
    }
    boolean hasMetric = seen.contains("{metric}");
    if (format == PayloadFormat.BARE_NUMBER && !hasMetric) {
      return "BARE_NUMBER topics must name the metric with {metric}";
    }
    if (format != PayloadFormat.BARE_NUMBER && hasMetric) {
      return "{metric} is only for BARE_NUMBER topics; JSON payloads name their metrics";
    }
    return null;
  }

  public String filter() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < levels.length; i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(PLACEHOLDERS.contains(levels[i]) ? "+" : levels[i]);
    }
    return b.toString();
  }

  /** The origin of a topic matching this template, or null when it does not match. */
  public Origin match(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != levels.length) {
      return null;
    }
    String site = null;
    String line = null;
    String machine = null;
    String metric = null;
    for (int i = 0; i < levels.length; i++) {
      switch (levels[i]) {
        case "{site}" -> site = parts[i];
        case "{line}" -> line = parts[i];
        case "{machine}" -> machine = parts[i];
        case "{metric}" -> metric = parts[i];
        default -> {
          if (!levels[i].equals(parts[i])) {
            return null;
          }
        }
      }
    }
    return new Origin(site, line, machine, metric);
  }

  @Override
  public String toString() {
    return template;
  }
}
