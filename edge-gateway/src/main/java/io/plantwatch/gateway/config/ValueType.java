package io.plantwatch.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plantwatch.telemetry.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The kind of value a key holds: how it is read from the file or an environment variable, and how
 * it is written back for the README table and {@code --print-config}.
 */
final class ValueType<T> {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  static final ValueType<String> TEXT =
      new ValueType<>("text", JsonNode::asText, TextNode::valueOf, false, true);
  static final ValueType<Secret> SECRET =
      new ValueType<>(
          "text", n -> Secret.of(n.asText()), s -> TextNode.valueOf(s.toString()), false, true);
  static final ValueType<Integer> INT =
      scalar("a whole number", ValueType::parseInt, IntNode::valueOf);
  static final ValueType<Long> LONG =
      scalar("a whole number", ValueType::parseLong, LongNode::valueOf);
  static final ValueType<Boolean> BOOLEAN =
      scalar("true or false", ValueType::parseBoolean, BooleanNode::valueOf);
  static final ValueType<Duration> DURATION =
      scalar("a duration", ValueType::parseDuration, d -> TextNode.valueOf(DurationText.format(d)));

  private final String description;
  private final Function<JsonNode, T> parse;
  private final Function<T, JsonNode> write;
  private final boolean structured;
  private final boolean nullIsEmpty;

  private ValueType(
      String description,
      Function<JsonNode, T> parse,
      Function<T, JsonNode> write,
      boolean structured,
      boolean nullIsEmpty) {
    this.description = description;
    this.parse = parse;
    this.write = write;
    this.structured = structured;
    this.nullIsEmpty = nullIsEmpty;
  }

  private static <T> ValueType<T> scalar(
      String description, Function<JsonNode, T> parse, Function<T, JsonNode> write) {
    return new ValueType<>(description, parse, write, false, false);
  }

  /** A list or map, bound by Jackson; written as JSON in an environment variable. */
  static <T> ValueType<T> structured(String description, TypeReference<T> type) {
    return new ValueType<>(
        description,
        n -> {
          try {
            return JSON.treeToValue(n, JSON.constructType(type));
          } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            int nl = m.indexOf('\n');
            throw new IllegalArgumentException(
                "not " + description + ": " + (nl < 0 ? m : m.substring(0, nl)));
          }
        },
        JSON::valueToTree,
        true,
        false);
  }

  static final ValueType<List<String>> TEXT_LIST =
      structured("a list of names", new TypeReference<>() {});
  static final ValueType<Map<String, String>> TEXT_MAP =
      structured("a mapping of names to text", new TypeReference<>() {});
  static final ValueType<Map<String, List<Double>>> RANGES =
      structured("a mapping of names to [min, max]", new TypeReference<>() {});
  static final ValueType<List<GatewayConfig.SubscriptionConfig>> SUBSCRIPTIONS =
      structured("a list of {template, format}", new TypeReference<>() {});

  /**
   * The value of a node from the file, or of an environment variable's text; an {@link
   * IllegalArgumentException} says what was expected.
   */
  T parse(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      if (nullIsEmpty) {
        return parse.apply(TextNode.valueOf("")); // "key:" with nothing after it: empty
      }
      throw new IllegalArgumentException("has no value (expected " + description + ")");
    }
    if (!structured && node.isContainerNode()) {
      throw new IllegalArgumentException("expected " + description + ", not a list or mapping");
    }
    return parse.apply(node);
  }

  /** Whether an environment variable holds this value as JSON (lists and maps). */
  boolean structured() {
    return structured;
  }

  /** The value as written in the file; secrets masked. */
  @SuppressWarnings("unchecked")
  JsonNode write(Object value) {
    return write.apply((T) value);
  }

  private static int parseInt(JsonNode n) {
    long v = parseLong(n);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'" + n.asText() + "' is too large");
    }
    return (int) v;
  }

  private static long parseLong(JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    try {
      if (n.isTextual()) {
        return Long.parseLong(n.asText().strip());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + n.asText() + "' is not a whole number");
  }

  private static boolean parseBoolean(JsonNode n) {
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return switch (n.asText().strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + n.asText() + "' is not true or false");
    };
  }

  private static Duration parseDuration(JsonNode n) {
    try {
      return DurationText.parse(n.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a duration (use 200ms, 30s, 10m, 1h, 7d or ISO-8601): " + e.getMessage());
    }
  }
}
