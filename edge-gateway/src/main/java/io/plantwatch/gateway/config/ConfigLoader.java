package io.plantwatch.gateway.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plantwatch.telemetry.DurationText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads {@link GatewayConfig}: defaults, then the YAML file, then environment variables, then
 * validation. Each leaf {@code a.bC.d} is overridden by {@code PLANTWATCH_GATEWAY_A_B_C_D}; lists
 * and maps take a JSON value. An unknown key in the file or an unknown {@code PLANTWATCH_GATEWAY_}
 * variable is an error, so typos do not pass silently.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "PLANTWATCH_GATEWAY_";

  // A file may set only some keys: binding it alone must accept missing primitives.
  private static final ObjectMapper YAML =
      mapper(new ObjectMapper(new YAMLFactory()))
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final ObjectMapper JSON = mapper(new ObjectMapper());

  private ConfigLoader() {}

  public static GatewayConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = JSON.valueToTree(GatewayConfig.defaults());
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new ConfigException("config file " + file + " does not exist or is not readable");
      }
      try {
        // Binding the file alone first reports unknown keys and bad types with their line.
        YAML.readValue(file.toFile(), GatewayConfig.class);
        JsonNode fromFile = YAML.readTree(file.toFile());
        if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
          if (!fromFile.isObject()) {
            throw new ConfigException(file + ": the top level must be a mapping");
          }
          merge(tree, (ObjectNode) fromFile);
        }
      } catch (JsonProcessingException e) {
        throw new ConfigException(file + ": " + describe(e));
      } catch (IOException e) {
        throw new ConfigException(file + ": " + e.getMessage());
      }
    }
    applyEnvironment(tree, env);
    GatewayConfig config;
    try {
      config = JSON.treeToValue(tree, GatewayConfig.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException("environment override: " + describe(e));
    }
    List<String> problems = ConfigValidator.problems(config);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  /** Every leaf path with its environment variable name, in document order. */
  public static Map<String, String> environmentNames() {
    Map<String, String> out = new TreeMap<>();
    collectLeaves("", JSON.valueToTree(GatewayConfig.defaults()), out);
    return out;
  }

  /** Resolves a broker's password: inline (or from the environment), else from its file. */
  public static String password(GatewayConfig.Broker broker) {
    if (broker.password() != null && !broker.password().isEmpty()) {
      return broker.password();
    }
    if (broker.passwordFile() != null && !broker.passwordFile().isEmpty()) {
      try {
        return Files.readAllLines(Path.of(broker.passwordFile()), StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("");
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read passwordFile " + broker.passwordFile() + ": " + e.getMessage());
      }
    }
    return "";
  }

  public static String toYaml(GatewayConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collectLeaves(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject() && !isFreeMap(prefix)) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        collectLeaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.put(prefix, envName(prefix));
    }
  }

  /** Maps whose keys are data (metric names), not configuration fields. */
  private static boolean isFreeMap(String path) {
    return path.equals("units") || path.equals("validation.ranges");
  }

  static String envName(String path) {
    StringBuilder b = new StringBuilder(ENV_PREFIX);
    for (String segment : path.split("\\.")) {
      if (b.length() > ENV_PREFIX.length()) {
        b.append('_');
      }
      b.append(segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
    return b.toString();
  }

  private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
    Map<String, String> known = environmentNames();
    Map<String, String> byEnv = new TreeMap<>();
    known.forEach((path, name) -> byEnv.put(name, path));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      String path = byEnv.get(e.getKey());
      if (path == null) {
        problems.add("unknown environment variable " + e.getKey());
        continue;
      }
      String[] segments = path.split("\\.");
      ObjectNode parent = tree;
      for (int i = 0; i < segments.length - 1; i++) {
        parent = (ObjectNode) parent.get(segments[i]);
      }
      String leaf = segments[segments.length - 1];
      JsonNode current = parent.get(leaf);
      if (current != null && (current.isContainerNode())) {
        try {
          parent.set(leaf, JSON.readTree(e.getValue()));
        } catch (JsonProcessingException ex) {
          problems.add(e.getKey() + " must be JSON for " + path + ": " + ex.getOriginalMessage());
        }
      } else {
        parent.put(leaf, e.getValue());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o
          && e.getValue() instanceof ObjectNode v
          && !isFreeMapNode(e.getKey())) {
        merge(o, v);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static boolean isFreeMapNode(String key) {
    return key.equals("units") || key.equals("ranges");
  }

  private static String describe(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : "line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ": ";
    String field = "";
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty()) {
      StringBuilder b = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          b.append('[').append(r.getIndex()).append(']');
        }
      }
      field = "field '" + b + "': ";
    }
    String msg = e.getOriginalMessage();
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      msg = "unknown key '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")";
    }
    int nl = msg.indexOf('\n');
    return where + field + (nl < 0 ? msg : msg.substring(0, nl));
  }

  private static ObjectMapper mapper(ObjectMapper m) {
    SimpleModule durations = new SimpleModule("durations");
    durations.addSerializer(
        Duration.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Duration d, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(DurationText.format(d));
          }
        });
    durations.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
            String text = p.getValueAsString();
            try {
              return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
              return (Duration)
                  c.handleWeirdStringValue(
                      Duration.class,
                      text,
                      "not a duration (use 200ms, 30s, 10m, 1h, 7d or ISO-8601): "
                          + e.getMessage());
            }
          }
        });
    m.registerModule(durations);
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    return m;
  }
}
