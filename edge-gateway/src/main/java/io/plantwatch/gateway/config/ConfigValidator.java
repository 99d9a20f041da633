package io.plantwatch.gateway.config;

import io.plantwatch.telemetry.CanonicalUnits;
import io.plantwatch.telemetry.Identifiers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a loaded configuration and names every field that is wrong. */
final class ConfigValidator {
  private ConfigValidator() {}

  static List<String> problems(GatewayConfig c) {
    List<String> p = new ArrayList<>();
    String idProblem = Identifiers.problem("id", c.id());
    if (idProblem != null) {
      p.add(idProblem);
    } else if (c.id().matches(".*[/+#].*")) {
      p.add("id must not contain '/', '+' or '#' (it is part of MQTT topics): '" + c.id() + "'");
    }
    broker("site.broker", c.site().broker(), p);
    broker("uplink.broker", c.uplink().broker(), p);
    if (c.site().subscriptions() == null || c.site().subscriptions().isEmpty()) {
      p.add("site.subscriptions must list at least one topic template");
    } else {
      for (int i = 0; i < c.site().subscriptions().size(); i++) {
        GatewayConfig.SubscriptionConfig s = c.site().subscriptions().get(i);
        String where = "site.subscriptions[" + i + "]";
        if (s.format() == null) {
          p.add(where + ".format is missing (JSON_MULTI, JSON_SINGLE or BARE_NUMBER)");
        }
        if (s.template() == null || s.template().isBlank()) {
          p.add(where + ".template is missing");
        } else {
          String problem =
              io.plantwatch.gateway.collect.TopicTemplate.problem(s.template(), s.format());
          if (problem != null) {
            p.add(where + ".template: " + problem);
          }
        }
      }
    }
    if (!List.of("5", "3.1.1").contains(c.site().protocol())) {
      p.add("site.protocol must be 5 or 3.1.1, not '" + c.site().protocol() + "'");
    }
    positive("site.receiveMaximum", c.site().receiveMaximum(), 65535, p);
    if (c.uplink().topicPrefix() == null
        || c.uplink().topicPrefix().isBlank()
        || c.uplink().topicPrefix().matches(".*[+#].*")) {
      p.add("uplink.topicPrefix must be a topic without wildcards");
    }
    positive("uplink.batchMaxReadings", c.uplink().batchMaxReadings(), 100_000, p);
    positive("uplink.maxInFlight", c.uplink().maxInFlight(), 65535, p);
    positive("uplink.rejectedPayloadMaxBytes", c.uplink().rejectedPayloadMaxBytes(), 1 << 20, p);
    if (c.uplink().batchLinger().isNegative()) {
      p.add("uplink.batchLinger must not be negative");
    }
    if (c.uplink().heartbeatInterval().isZero() || c.uplink().heartbeatInterval().isNegative()) {
      p.add("uplink.heartbeatInterval must be positive");
    }
    if (c.uplink().receiptTimeout() == null || c.uplink().receiptTimeout().toMillis() < 1000) {
      p.add("uplink.receiptTimeout must be at least 1s");
    }
    if (c.queue().directory() == null || c.queue().directory().isBlank()) {
      p.add("queue.directory is missing");
    }
    if (c.queue().maxBytes() < 1 << 20) {
      p.add("queue.maxBytes must be at least 1048576 (1 MiB), not " + c.queue().maxBytes());
    }
    positive("queue.groupCommitMaxMessages", c.queue().groupCommitMaxMessages(), 1_000_000, p);
    for (Map.Entry<String, List<Double>> r : c.validation().ranges().entrySet()) {
      List<Double> v = r.getValue();
      if (v == null
          || v.size() != 2
          || v.get(0) == null
          || v.get(1) == null
          || v.get(0) > v.get(1)) {
        p.add("validation.ranges." + r.getKey() + " must be [min, max] with min <= max");
      }
    }
    positive("validation.maxPayloadBytes", c.validation().maxPayloadBytes(), 64 << 20, p);
    if (c.validation().duplicateWindow().isNegative()) {
      p.add("validation.duplicateWindow must not be negative");
    }
    for (Map.Entry<String, String> u : c.units().entrySet()) {
      if (u.getValue() == null || u.getValue().isBlank()) {
        p.add("units." + u.getKey() + " is empty");
      } else if (CanonicalUnits.quantityOf(u.getValue()) == null
          && CanonicalUnits.DEFAULT_METRIC_UNITS.containsKey(u.getKey())) {
        p.add("units." + u.getKey() + ": '" + u.getValue() + "' is not a known unit symbol");
      }
    }
    if (c.httpPort() < 0 || c.httpPort() > 65535) {
      p.add("httpPort must be 0..65535");
    }
    return p;
  }

  private static void broker(String where, GatewayConfig.Broker b, List<String> p) {
    try {
      URI uri = URI.create(b.uri());
      if (!List.of("tcp", "ssl", "ws", "wss").contains(uri.getScheme())
          || uri.getHost() == null
          || uri.getPort() <= 0) {
        p.add(
            where
                + ".uri must look like tcp://host:port or ssl://host:port, not '"
                + b.uri()
                + "'");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      p.add(where + ".uri is not a URI: '" + b.uri() + "'");
    }
    if (b.clientId() == null || b.clientId().isBlank()) {
      p.add(where + ".clientId is missing");
    }
    if (b.trustStore() != null
        && !b.trustStore().isEmpty()
        && !Files.isReadable(Path.of(b.trustStore()))) {
      p.add(where + ".trustStore " + b.trustStore() + " is not readable");
    }
    if (b.keyStore() != null
        && !b.keyStore().isEmpty()
        && !Files.isReadable(Path.of(b.keyStore()))) {
      p.add(where + ".keyStore " + b.keyStore() + " is not readable");
    }
    if (b.passwordFile() != null
        && !b.passwordFile().isEmpty()
        && !Files.isReadable(Path.of(b.passwordFile()))) {
      p.add(where + ".passwordFile " + b.passwordFile() + " is not readable");
    }
    if (b.reconnectMinDelay().isNegative()
        || b.reconnectMinDelay().isZero()
        || b.reconnectMaxDelay().compareTo(b.reconnectMinDelay()) < 0) {
      p.add(where + ": reconnectMinDelay must be positive and not above reconnectMaxDelay");
    }
  }

  private static void positive(String field, long value, long max, List<String> p) {
    if (value <= 0 || value > max) {
      p.add(field + " must be between 1 and " + max + ", not " + value);
    }
  }
}
