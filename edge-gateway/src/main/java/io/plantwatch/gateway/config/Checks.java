package io.plantwatch.gateway.config;

import io.plantwatch.gateway.config.ConfigKey.Check;
import io.plantwatch.telemetry.CanonicalUnits;
import io.plantwatch.telemetry.DurationText;
import io.plantwatch.telemetry.Identifiers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The checks keys declare; each problem starts with the key's path. */
final class Checks {
  private Checks() {}

  static Check<Number> between(long min, long max) {
    return (path, v, p) -> {
      if (v.longValue() < min || v.longValue() > max) {
        p.add(path + " must be between " + min + " and " + max + ", not " + v);
      }
    };
  }

  static Check<Number> atLeast(long min, String shown) {
    return (path, v, p) -> {
      if (v.longValue() < min) {
        p.add(path + " must be at least " + shown + ", not " + v);
      }
    };
  }

  static Check<Integer> port() {
    return (path, v, p) -> {
      if (v < 0 || v > 65535) {
        p.add(path + " must be 0..65535");
      }
    };
  }

  static Check<Duration> notNegative() {
    return (path, v, p) -> {
      if (v.isNegative()) {
        p.add(path + " must not be negative");
      }
    };
  }

  static Check<Duration> positive() {
    return (path, v, p) -> {
      if (v.isZero() || v.isNegative()) {
        p.add(path + " must be positive");
      }
    };
  }

  static Check<Duration> atLeast(Duration min) {
    return (path, v, p) -> {
      if (v.compareTo(min) < 0) {
        p.add(path + " must be at least " + DurationText.format(min));
      }
    };
  }

  static Check<Duration> between(Duration min, Duration max) {
    return (path, v, p) -> {
      if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        p.add(
            path
                + " must be between "
                + DurationText.format(min)
                + " and "
                + DurationText.format(max)
                + ", not "
                + DurationText.format(v));
      }
    };
  }

  static Check<String> present() {
    return (path, v, p) -> {
      if (v.isBlank()) {
        p.add(path + " is missing");
      }
    };
  }

  /** For optional files: empty is fine, a name must be readable. */
  static Check<String> readableIfSet() {
    return (path, v, p) -> {
      if (!v.isEmpty() && !Files.isReadable(Path.of(v))) {
        p.add(path + " " + v + " is not readable");
      }
    };
  }

  static Check<String> oneOf(String first, String second) {
    return (path, v, p) -> {
      if (!v.equals(first) && !v.equals(second)) {
        p.add(path + " must be " + first + " or " + second + ", not '" + v + "'");
      }
    };
  }

  static Check<String> gatewayId() {
    return (path, v, p) -> {
      String problem = Identifiers.problem(path, v);
      if (problem != null) {
        p.add(problem);
      } else if (v.matches(".*[/+#].*")) {
        p.add(path + " must not contain '/', '+' or '#' (it is part of MQTT topics): '" + v + "'");
      }
    };
  }

  static Check<String> brokerUri() {
    return (path, v, p) -> {
      try {
        URI uri = URI.create(v);
        if (!List.of("tcp", "ssl", "ws", "wss").contains(uri.getScheme())
            || uri.getHost() == null
            || uri.getPort() <= 0) {
          p.add(path + " must look like tcp://host:port or ssl://host:port, not '" + v + "'");
        }
      } catch (IllegalArgumentException e) {
        p.add(path + " is not a URI: '" + v + "'");
      }
    };
  }

  static Check<String> topicWithoutWildcards() {
    return (path, v, p) -> {
      if (v.isBlank() || v.matches(".*[+#].*")) {
        p.add(path + " must be a topic without wildcards");
      }
    };
  }

  static Check<List<GatewayConfig.SubscriptionConfig>> subscriptions() {
    return (path, list, p) -> {
      if (list.isEmpty()) {
        p.add(path + " must list at least one topic template");
      }
      for (int i = 0; i < list.size(); i++) {
        GatewayConfig.SubscriptionConfig s = list.get(i);
        String where = path + "[" + i + "]";
        if (s == null) {
          p.add(where + " is empty");
          continue;
        }
        if (s.format() == null) {
          p.add(where + ".format is missing (JSON_MULTI, JSON_SINGLE or BARE_NUMBER)");
        }
        if (s.template() == null || s.template().isBlank()) {
          p.add(where + ".template is missing");
        } else {
          String problem = TopicTemplate.problem(s.template(), s.format());
          if (problem != null) {
            p.add(where + ".template: " + problem);
          }
        }
      }
    };
  }

  static Check<Map<String, List<Double>>> ranges() {
    return (path, ranges, p) -> {
      for (Map.Entry<String, List<Double>> r : ranges.entrySet()) {
        List<Double> v = r.getValue();
        if (v == null
            || v.size() != 2
            || v.get(0) == null
            || v.get(1) == null
            || v.get(0) > v.get(1)) {
          p.add(path + "." + r.getKey() + " must be [min, max] with min <= max");
        }
      }
    };
  }

  static Check<Map<String, String>> units() {
    return (path, units, p) -> {
      for (Map.Entry<String, String> u : units.entrySet()) {
        if (u.getValue() == null || u.getValue().isBlank()) {
          p.add(path + "." + u.getKey() + " is empty");
        } else if (CanonicalUnits.quantityOf(u.getValue()) == null
            && CanonicalUnits.DEFAULT_METRIC_UNITS.containsKey(u.getKey())) {
          p.add(path + "." + u.getKey() + ": '" + u.getValue() + "' is not a known unit symbol");
        }
      }
    };
  }
}
