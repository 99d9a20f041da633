package io.plantwatch.analytics.config;

/** The configuration reference in the README, generated from {@link JobConfig#KEYS}. */
public final class ConfigReference {
  private ConfigReference() {}

  /** A Markdown table: key, default, environment variable, meaning. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| key | default | environment | meaning |\n");
    out.append("| --- | --- | --- | --- |\n");
    for (ConfigKey<?> key : JobConfig.KEYS) {
      String def;
      if (key.isRequired()) {
        def = "**required**";
      } else if (key.isSecret() || key.defaultValue().isEmpty()) {
        def = "(none)";
      } else {
        def = "`" + key.defaultValue() + "`";
      }
      out.append("| `")
          .append(key.name())
          .append("` | ")
          .append(def)
          .append(" | `")
          .append(key.environmentVariable())
          .append("` | ")
          .append(key.group())
          .append(": ")
          .append(key.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }
}
