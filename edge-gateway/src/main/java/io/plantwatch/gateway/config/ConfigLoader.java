package io.plantwatch.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads {@link GatewayConfig}: the defaults of {@link GatewayKeys}, then the YAML file, then
 * environment variables, then every key's checks. Each key {@code a.bC.d} is overridden by {@code
 * PLANTWATCH_GATEWAY_A_B_C_D}; lists and maps take a JSON value. An unknown key in the file or an
 * unknown {@code PLANTWATCH_GATEWAY_} variable is an error, so typos do not pass silently.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "PLANTWATCH_GATEWAY_";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  public static GatewayConfig load(Path file, Map<String, String> env) {
    Map<String, Object> values = GatewayKeys.defaults();
    List<String> problems = new ArrayList<>();
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new ConfigException("config file " + file + " does not exist or is not readable");
      }
      ConfigFile.read(file, problems)
          .forEach(
              (path, entry) ->
                  set(values, GatewayKeys.at(path), entry.value(), entry.where(), problems));
    }
    applyEnvironment(values, env, problems);
    // A value that did not parse kept its default, which passes: the checks report the rest.
    problems.addAll(GatewayKeys.problems(values));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return bind(values);
  }

  /** Every key's path with its environment variable name, sorted by path. */
  public static Map<String, String> environmentNames() {
    Map<String, String> out = new TreeMap<>();
    GatewayKeys.all().forEach(k -> out.put(k.path(), k.envName()));
    return out;
  }

  /**
   * The environment variable of a declared key, for code that configures a gateway it starts
   * (local-stack, the bench); a path no key declares is an error, not a variable nobody reads.
   */
  public static String environmentName(String path) {
    return GatewayKeys.all().stream()
        .filter(k -> k.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no gateway key '" + path + "'"))
        .envName();
  }

  /** A broker's password: inline (or from the environment), else the first line of its file. */
  public static Secret password(GatewayConfig.Broker broker) {
    if (!broker.password().isEmpty()) {
      return broker.password();
    }
    if (!broker.passwordFile().isEmpty()) {
      try {
        return Secret.of(
            Files.readAllLines(Path.of(broker.passwordFile()), StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse(""));
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read passwordFile " + broker.passwordFile() + ": " + e.getMessage());
      }
    }
    return Secret.NONE;
  }

  /**
   * The configuration as YAML, every key in table order. Secrets print as their mask, so this is
   * what {@code --print-config} shows, and a configuration with passwords does not load back with
   * them.
   */
  public static String toYaml(GatewayConfig config) {
    ObjectNode root = JSON.createObjectNode();
    for (ConfigKey<?> k : GatewayKeys.all()) {
      String[] segments = k.path().split("\\.");
      ObjectNode parent = root;
      for (int i = 0; i < segments.length - 1; i++) {
        parent =
            parent.has(segments[i])
                ? (ObjectNode) parent.get(segments[i])
                : parent.putObject(segments[i]);
      }
      parent.set(
          segments[segments.length - 1], k.type().write(RecordBinding.read(config, k.path())));
    }
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The typed records of a complete set of values by path. */
  static GatewayConfig bind(Map<String, Object> values) {
    return RecordBinding.build(
        GatewayConfig.class, "", path -> GatewayKeys.at(path) != null, values::get);
  }

  private static void applyEnvironment(
      Map<String, Object> values, Map<String, String> env, List<String> problems) {
    Map<String, ConfigKey<?>> byEnv = new HashMap<>();
    GatewayKeys.all().forEach(k -> byEnv.put(k.envName(), k));
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      ConfigKey<?> key = byEnv.get(e.getKey());
      if (key == null) {
        problems.add("unknown environment variable " + e.getKey());
        continue;
      }
      JsonNode node;
      if (key.type().structured()) {
        try {
          node = JSON.readTree(e.getValue());
        } catch (JsonProcessingException ex) {
          problems.add(
              e.getKey() + " must be JSON for " + key.path() + ": " + ex.getOriginalMessage());
          continue;
        }
      } else {
        node = TextNode.valueOf(e.getValue());
      }
      set(values, key, node, "environment variable " + e.getKey() + ": ", problems);
    }
  }

  private static void set(
      Map<String, Object> values,
      ConfigKey<?> key,
      JsonNode node,
      String where,
      List<String> problems) {
    try {
      values.put(key.path(), key.parse(node));
    } catch (IllegalArgumentException e) {
      problems.add(where + "field '" + key.path() + "': " + e.getMessage());
    }
  }
}
