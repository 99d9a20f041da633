package io.plantwatch.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * The checks {@code validate()} adds to the per-field validators of {@link MqttSourceConfig}: rules
 * across fields, files that must exist, and settings the worker would silently ignore (a typo in
 * one of this connector's keys, an unknown setting of one of Kafka's own converters). Each error is
 * attached to the field it is about, so the REST API and UIs show it next to that field.
 */
final class ConnectorValidation {
  static final String TASKS_MAX = "tasks.max";

  /** Prefixes of this connector's own keys: an unknown key under one of them is a typo. */
  static final Set<String> OWN_PREFIXES = Set.of("mqtt.", "kafka.", "envelope.", "poll.");

  private static final String KAFKA_CONNECT_PACKAGE = "org.apache.kafka.connect.";

  private final Map<String, String> props;

  ConnectorValidation(Map<String, String> props) {
    this.props = props;
  }

  void addTo(Config config) {
    Map<String, ConfigValue> values = new HashMap<>();
    config.configValues().forEach(v -> values.put(v.name(), v));
    checkTasksNeedSharing(values);
    checkBackoffBounds(values);
    checkStatusFiltersApart(values);
    checkStoreFile(values, MqttSourceConfig.TRUSTSTORE_PATH_CONFIG);
    checkStoreFile(values, MqttSourceConfig.KEYSTORE_PATH_CONFIG);
    // Values of unknown keys are not echoed: a misspelt password key would leak its value.
    for (String key : new TreeSet<>(props.keySet())) {
      checkOwnKeyIsKnown(config, key);
    }
    checkConverter(config, "key.converter", false);
    checkConverter(config, "value.converter", true);
    checkConverter(config, "header.converter", false);
  }

  private void checkTasksNeedSharing(Map<String, ConfigValue> values) {
    String tasks = props.get(TASKS_MAX);
    String group = props.getOrDefault(MqttSourceConfig.SHARED_GROUP_CONFIG, "x");
    if (tasks != null && group.isEmpty()) {
      try {
        if (Integer.parseInt(tasks.strip()) > 1) {
          error(
              values,
              MqttSourceConfig.SHARED_GROUP_CONFIG,
              "tasks.max="
                  + tasks
                  + " needs a shared subscription group: without one every task would receive"
                  + " every message");
        }
      } catch (NumberFormatException e) {
        // The worker reports a non-numeric tasks.max itself.
      }
    }
  }

  private void checkBackoffBounds(Map<String, ConfigValue> values) {
    Long initial = asLong(values.get(MqttSourceConfig.RECONNECT_BACKOFF_INITIAL_MS_CONFIG));
    Long max = asLong(values.get(MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG));
    if (initial != null && max != null && max < initial) {
      error(
          values,
          MqttSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
          CrossFieldRules.BACKOFF_BELOW_INITIAL + " (" + initial + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private void checkStatusFiltersApart(Map<String, ConfigValue> values) {
    ConfigValue topic = values.get(MqttSourceConfig.STATUS_TOPIC_CONFIG);
    ConfigValue readings = values.get(MqttSourceConfig.TOPICS_CONFIG);
    ConfigValue statuses = values.get(MqttSourceConfig.STATUS_TOPICS_CONFIG);
    if (!parsed(topic) || !parsed(readings) || !parsed(statuses)) {
      return;
    }
    String problem =
        CrossFieldRules.statusFilterOverlap(
            (String) topic.value(),
            (List<String>) readings.value(),
            (List<String>) statuses.value());
    if (problem != null) {
      statuses.addErrorMessage(problem);
    }
  }

  private static boolean parsed(ConfigValue v) {
    return v != null && v.errorMessages().isEmpty() && v.value() != null;
  }

  private void checkStoreFile(Map<String, ConfigValue> values, String key) {
    String path = props.get(key);
    if (path != null && !path.isBlank() && !Files.isReadable(Path.of(path))) {
      error(values, key, "no readable file at " + path);
    }
  }

  private void checkOwnKeyIsKnown(Config config, String key) {
    boolean own = OWN_PREFIXES.stream().anyMatch(key::startsWith);
    if (!own || MqttSourceConfig.CONFIG_DEF.names().contains(key)) {
      return;
    }
    String nearest =
        MqttSourceConfig.CONFIG_DEF.names().stream()
            .min(Comparator.comparingInt(n -> editDistance(n, key)))
            .orElseThrow();
    ConfigValue unknown = new ConfigValue(key, null, List.of(), new ArrayList<>());
    unknown.addErrorMessage("unknown setting for this connector; did you mean " + nearest + "?");
    config.configValues().add(unknown);
  }

  /**
   * Flags {@code <prefix>.<setting>} keys that the named converter does not define. Only Kafka's
   * own converters are checked: their definitions are complete, while others (Avro's) accept
   * pass-through client settings that no definition lists.
   */
  private void checkConverter(Config config, String prefix, boolean carriesReadings) {
    String className = props.get(prefix);
    if (className == null || !className.startsWith(KAFKA_CONNECT_PACKAGE)) {
      return;
    }
    if (carriesReadings
        && (className.endsWith(".ByteArrayConverter") || className.endsWith(".StringConverter"))) {
      ConfigValue value = find(config, prefix);
      value.addErrorMessage(
          className
              + " cannot write readings, which are Structs with a schema: use"
              + " org.apache.kafka.connect.json.JsonConverter or a schema-registry converter");
    }
    ConfigDef definition = definitionOf(className);
    if (definition == null) {
      return;
    }
    Set<String> known = definition.names();
    for (String key : new TreeSet<>(props.keySet())) {
      if (key.startsWith(prefix + ".")) {
        String setting = key.substring(prefix.length() + 1);
        if (!known.contains(setting)) {
          ConfigValue unknown = new ConfigValue(key, null, List.of(), new ArrayList<>());
          unknown.addErrorMessage(
              "unknown setting '"
                  + setting
                  + "' for "
                  + className
                  + "; it knows "
                  + new TreeSet<>(known));
          config.configValues().add(unknown);
        }
      }
    }
  }

  private static ConfigDef definitionOf(String className) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(className, false, loader);
      Object instance = type.getDeclaredConstructor().newInstance();
      if (instance instanceof Converter c) {
        return c.config();
      }
      if (instance instanceof HeaderConverter h) {
        return h.config();
      }
      return null;
    } catch (ReflectiveOperationException | LinkageError e) {
      // The worker reports a converter class it cannot load; nothing to add here.
      return null;
    }
  }

  private static ConfigValue find(Config config, String name) {
    for (ConfigValue v : config.configValues()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    ConfigValue added = new ConfigValue(name);
    config.configValues().add(added);
    return added;
  }

  private static void error(Map<String, ConfigValue> values, String key, String message) {
    values.get(key).addErrorMessage(message);
  }

  private static Long asLong(ConfigValue v) {
    return v != null && v.errorMessages().isEmpty() && v.value() instanceof Long l ? l : null;
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
