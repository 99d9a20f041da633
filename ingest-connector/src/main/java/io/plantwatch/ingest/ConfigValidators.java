package io.plantwatch.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * The connector's own per-setting validators, for {@link MqttSourceConfigDef}. Each one's {@code
 * toString()} is the "valid values" cell of the README's generated table.
 */
final class ConfigValidators {
  private ConfigValidators() {}

  /** Schemes Paho's MQTT 5 client can connect with. */
  static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  static final class BrokerUriValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isBlank()) {
        throw new ConfigException(name, value, "a broker URI is required, e.g. tcp://host:1883");
      }
      URI uri;
      try {
        uri = new URI(value.toString().strip());
      } catch (URISyntaxException e) {
        throw new ConfigException(name, value, "not a URI: " + e.getMessage());
      }
      if (uri.getScheme() == null || !BROKER_SCHEMES.contains(uri.getScheme())) {
        throw new ConfigException(
            name, value, "the scheme must be one of tcp, ssl, ws, wss (e.g. tcp://host:1883)");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new ConfigException(name, value, "the URI names no host");
      }
    }

    @Override
    public String toString() {
      return "tcp://, ssl://, ws:// or wss:// URI with a host";
    }
  }

  static final class TopicFiltersValidator implements ConfigDef.Validator {
    private final String noSharePrefix;
    private final boolean allowEmpty;

    /**
     * @param noSharePrefix why a filter must not start with $share/
     */
    TopicFiltersValidator(String noSharePrefix) {
      this(noSharePrefix, false);
    }

    TopicFiltersValidator(String noSharePrefix, boolean allowEmpty) {
      this.noSharePrefix = noSharePrefix;
      this.allowEmpty = allowEmpty;
    }

    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> filters = (List<String>) value;
      if (filters == null || (filters.isEmpty() && !allowEmpty)) {
        throw new ConfigException(name, value, "at least one topic filter is required");
      }
      for (String filter : filters) {
        if (filter.isBlank()) {
          throw new ConfigException(name, value, "a topic filter is empty");
        }
        if (filter.startsWith("$share/")) {
          throw new ConfigException(name, value, noSharePrefix);
        }
        try {
          MqttTopicValidator.validate(filter, true, true);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              name, value, "'" + filter + "' is not a valid MQTT topic filter: " + e.getMessage());
        }
      }
    }

    @Override
    public String toString() {
      return "non-empty list of MQTT topic filters";
    }
  }

  /** A Kafka topic name, or empty for none. */
  static final class OptionalTopicValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String topic = value == null ? "" : value.toString();
      if (topic.chars().anyMatch(Character::isISOControl)) {
        throw new ConfigException(name, value, "must not contain ISO control characters");
      }
    }

    @Override
    public String toString() {
      return "topic name without ISO control characters; empty for none";
    }
  }

  static final class SharedGroupValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String group = value == null ? "" : value.toString();
      if (group.contains("/") || group.contains("+") || group.contains("#")) {
        throw new ConfigException(name, value, "a share name must not contain '/', '+' or '#'");
      }
    }

    @Override
    public String toString() {
      return "share name without '/', '+', '#'; empty for none";
    }
  }
}
