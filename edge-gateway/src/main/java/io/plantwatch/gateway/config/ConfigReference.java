package io.plantwatch.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.telemetry.DurationText;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The configuration reference table of the README, generated from {@link GatewayConfig}'s
 * declarations so documentation cannot drift from code ({@code gateway run --config-reference}
 * prints it).
 */
public final class ConfigReference {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigReference() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| key | environment variable | default | meaning |\n");
    b.append("| --- | --- | --- | --- |\n");
    rows(b, "", GatewayConfig.class, GatewayConfig.defaults());
    return b.toString();
  }

  private static void rows(StringBuilder b, String prefix, Class<?> type, Object value) {
    for (RecordComponent rc : type.getRecordComponents()) {
      String path = prefix.isEmpty() ? rc.getName() : prefix + "." + rc.getName();
      Object v;
      try {
        v = rc.getAccessor().invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (rc.getType().isRecord()) {
        rows(b, path, rc.getType(), v);
        continue;
      }
      JsonPropertyDescription d = rc.getAccessor().getAnnotation(JsonPropertyDescription.class);
      b.append("| `")
          .append(path)
          .append("` | `")
          .append(ConfigLoader.envName(path))
          .append("` | ")
          .append(render(v))
          .append(" | ")
          .append(d == null ? "" : d.value().replace("|", "\\|"))
          .append(" |\n");
    }
  }

  private static String render(Object v) {
    if (v instanceof Duration d) {
      return "`" + DurationText.format(d) + "`";
    }
    if (v instanceof String s) {
      return s.isEmpty() ? "(empty)" : "`" + s + "`";
    }
    if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
      try {
        return "`"
            + JSON.writeValueAsString(v instanceof Map<?, ?> m ? new java.util.TreeMap<>(m) : v)
                .replace("|", "\\|")
            + "`";
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return "`" + v + "`";
  }
}
