package io.plantwatch.stack;

import io.plantwatch.analytics.config.JobConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's alerting in the local stack: the shipped example rule set (ISO 10816-3 vibration zones,
 * which the simulated machines cross as they wear or spike), mails to SMTP when {@code
 * PLANTWATCH_SMTP_HOST} is set and always to the outbox folder under the output folder. {@code
 * --conf plantwatch.alerts.*=…} overrides any of it (another rules file, routes, recipients).
 */
final class AlertingSettings {
  private AlertingSettings() {}

  static Map<String, String> forJob(StackSettings settings, Map<String, String> env) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(JobConfig.ALERTS_RULES.name(), "example");
    c.put(JobConfig.ALERTS_TOPIC.name(), Topics.ALERTS);
    c.put(JobConfig.MAIL_OUTBOX.name(), settings.outbox().toAbsolutePath().toString());
    String host = env.get("PLANTWATCH_SMTP_HOST");
    if (host != null && !host.isBlank()) {
      c.put(JobConfig.MAIL_SMTP_HOST.name(), host);
      String port = env.get("PLANTWATCH_SMTP_PORT");
      if (port != null && !port.isBlank()) {
        c.put(JobConfig.MAIL_SMTP_PORT.name(), port);
      }
    }
    return c;
  }
}
