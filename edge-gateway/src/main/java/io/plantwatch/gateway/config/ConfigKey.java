package io.plantwatch.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key, declared once: its path (which is also its field in {@link GatewayConfig}
 * and names its environment variable), type, default, checks and meaning.
 */
final class ConfigKey<T> {
  /** One rule on a key's value; adds a problem naming the path when the value breaks it. */
  @FunctionalInterface
  interface Check<T> {
    void check(String path, T value, List<String> problems);
  }

  private final String path;
  private final ValueType<T> type;
  private final T defaultValue;
  private final String doc;
  private final List<Check<? super T>> checks = new ArrayList<>();

  private ConfigKey(String path, ValueType<T> type, T defaultValue, String doc) {
    this.path = path;
    this.type = type;
    this.defaultValue = defaultValue;
    this.doc = doc;
  }

  static <T> ConfigKey<T> key(String path, ValueType<T> type, T defaultValue, String doc) {
    return new ConfigKey<>(path, type, defaultValue, doc);
  }

  /** Adds a check; returns this key. */
  ConfigKey<T> check(Check<? super T> check) {
    checks.add(check);
    return this;
  }

  String path() {
    return path;
  }

  ValueType<T> type() {
    return type;
  }

  T defaultValue() {
    return defaultValue;
  }

  String doc() {
    return doc;
  }

  /** {@code a.bC.d} is {@code PLANTWATCH_GATEWAY_A_B_C_D}. */
  String envName() {
    StringBuilder b = new StringBuilder(ConfigLoader.ENV_PREFIX);
    for (String segment : path.split("\\.")) {
      if (b.length() > ConfigLoader.ENV_PREFIX.length()) {
        b.append('_');
      }
      b.append(segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
    return b.toString();
  }

  T parse(JsonNode node) {
    return type.parse(node);
  }

  @SuppressWarnings("unchecked")
  void check(Object value, List<String> problems) {
    for (Check<? super T> c : checks) {
      c.check(path, (T) value, problems);
    }
  }
}
