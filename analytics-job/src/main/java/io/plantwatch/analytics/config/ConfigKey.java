package io.plantwatch.analytics.config;

import java.util.Objects;

/**
 * One configuration key, declared once with everything a reader or the README needs: its name, what
 * it means, its default and how a value is checked and converted.
 *
 * @param <T> the type the value converts to
 */
public final class ConfigKey<T> {
  /** Converts a raw text value; throws {@link IllegalArgumentException} saying what is wrong. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String raw);
  }

  private final String name;
  private final String group;
  private final String doc;
  private final String defaultValue;
  private final boolean required;
  private final boolean secret;
  private final Parser<T> parser;

  private ConfigKey(
      String name,
      String group,
      String doc,
      String defaultValue,
      boolean required,
      boolean secret,
      Parser<T> parser) {
    this.name = Objects.requireNonNull(name);
    this.group = Objects.requireNonNull(group);
    this.doc = Objects.requireNonNull(doc);
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.parser = Objects.requireNonNull(parser);
  }

  public static <T> ConfigKey<T> optional(
      String name, String group, String defaultValue, Parser<T> parser, String doc) {
    return new ConfigKey<>(name, group, doc, defaultValue, false, false, parser);
  }

  public static <T> ConfigKey<T> required(String name, String group, Parser<T> parser, String doc) {
    return new ConfigKey<>(name, group, doc, null, true, false, parser);
  }

  /** A value that is never logged nor printed: it is shown as {@code [hidden]}. */
  public static ConfigKey<String> secret(String name, String group, String doc) {
    return new ConfigKey<>(name, group, doc, "", false, true, raw -> raw);
  }

  public String name() {
    return name;
  }

  public String group() {
    return group;
  }

  public String doc() {
    return doc;
  }

  /** The default as text, or null when the key is required. */
  public String defaultValue() {
    return defaultValue;
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isSecret() {
    return secret;
  }

  /**
   * The environment variable that sets this key: upper case, dots as underscores ({@code
   * plantwatch.influx.token} is {@code PLANTWATCH_INFLUX_TOKEN}).
   */
  public String environmentVariable() {
    return name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }

  T parse(String raw) {
    return parser.parse(raw);
  }

  @Override
  public String toString() {
    return name;
  }
}
