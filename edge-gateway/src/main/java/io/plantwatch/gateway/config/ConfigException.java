package io.plantwatch.gateway.config;

import java.util.List;

/** The configuration cannot be used; the message names every offending field. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(List<String> problems) {
    super("invalid gateway configuration:\n  - " + String.join("\n  - ", problems));
  }
}
