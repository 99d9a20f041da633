package io.plantwatch.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The configuration reference table of the README, generated from {@link GatewayKeys} so
 * documentation cannot drift from code ({@code gateway run --config-reference} prints it, and a
 * test fails when the README's copy differs).
 */
public final class ConfigReference {
  private ConfigReference() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| key | environment variable | default | meaning |\n");
    b.append("| --- | --- | --- | --- |\n");
    for (ConfigKey<?> k : GatewayKeys.all()) {
      b.append("| `")
          .append(k.path())
          .append("` | `")
          .append(k.envName())
          .append("` | ")
          .append(render(k.type().write(k.defaultValue())))
          .append(" | ")
          .append(k.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String render(JsonNode v) {
    if (v.isTextual()) {
      return v.asText().isEmpty() ? "(empty)" : "`" + v.asText() + "`";
    }
    if (v.isContainerNode()) {
      return "`" + v.toString().replace("|", "\\|") + "`";
    }
    return "`" + v.asText() + "`";
  }
}
