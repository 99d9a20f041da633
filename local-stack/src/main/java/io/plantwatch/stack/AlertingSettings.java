package io.plantwatch.stack;

import io.plantwatch.analytics.config.ConfigKey;
import io.plantwatch.analytics.config.JobConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Switches the job's alerting on when this build of the analytics job has it: mails go to SMTP when
 * {@code PLANTWATCH_SMTP_HOST} is set, otherwise to the outbox folder. Keys the job does not
 * declare are left out, so this build runs with or without alerting.
 */
final class AlertingSettings {
  static final String OUTBOX_KEY = "plantwatch.alerts.outbox";
  static final String SMTP_HOST_KEY = "plantwatch.alerts.smtp.host";
  static final String SMTP_PORT_KEY = "plantwatch.alerts.smtp.port";

  private AlertingSettings() {}

  static boolean available() {
    return declared(OUTBOX_KEY);
  }

  static Map<String, String> forJob(StackSettings settings) {
    Map<String, String> c = new LinkedHashMap<>();
    put(c, OUTBOX_KEY, settings.outbox().toAbsolutePath().toString());
    String host = System.getenv("PLANTWATCH_SMTP_HOST");
    if (host != null && !host.isBlank()) {
      put(c, SMTP_HOST_KEY, host);
      String port = System.getenv("PLANTWATCH_SMTP_PORT");
      if (port != null && !port.isBlank()) {
        put(c, SMTP_PORT_KEY, port);
      }
    }
    return c;
  }

  private static void put(Map<String, String> c, String key, String value) {
    if (declared(key)) {
      c.put(key, value);
    }
  }

  private static boolean declared(String key) {
    for (ConfigKey<?> k : JobConfig.KEYS) {
      if (k.name().equals(key)) {
        return true;
      }
    }
    return false;
  }
}
