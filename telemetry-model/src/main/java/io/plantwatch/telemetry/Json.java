package io.plantwatch.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Strict JSON reading shared by the codecs: typed field access that reports, never throws. */
final class Json {
  /**
   * NaN and Infinity are parsed (not refused as malformed) so they can be reported as the more
   * useful {@link ReasonCode#NON_FINITE_VALUE}; duplicate keys and trailing tokens are refused.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /** Thrown inside the codecs only, caught at their entry points and turned into a rejection. */
  static final class Invalid extends Exception {
    final ReasonCode reason;

    Invalid(ReasonCode reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }

    Rejection rejection() {
      return new Rejection(reason, getMessage());
    }
  }

  static JsonNode parse(byte[] payload, int maxBytes) throws Invalid {
    if (payload == null || payload.length == 0) {
      throw new Invalid(ReasonCode.EMPTY_PAYLOAD, "payload is empty");
    }
    if (payload.length > maxBytes) {
      throw new Invalid(
          ReasonCode.PAYLOAD_TOO_LARGE,
          "payload is " + payload.length + " bytes, limit " + maxBytes);
    }
    try {
      JsonNode node = MAPPER.readTree(payload);
      if (node == null || node.isMissingNode()) {
        throw new Invalid(ReasonCode.EMPTY_PAYLOAD, "payload holds no JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Invalid(ReasonCode.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new Invalid(ReasonCode.MALFORMED_JSON, firstLine(e.getMessage()));
    }
  }

  static JsonNode object(JsonNode node, String what) throws Invalid {
    if (!node.isObject()) {
      throw new Invalid(ReasonCode.WRONG_TYPE, what + " must be a JSON object");
    }
    return node;
  }

  static JsonNode required(JsonNode obj, String field) throws Invalid {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      throw new Invalid(ReasonCode.MISSING_FIELD, "field '" + field + "' is missing");
    }
    return v;
  }

  static String text(JsonNode obj, String field) throws Invalid {
    JsonNode v = required(obj, field);
    if (!v.isTextual()) {
      throw new Invalid(ReasonCode.WRONG_TYPE, "field '" + field + "' must be a string");
    }
    return v.textValue();
  }

  static String identifier(JsonNode obj, String field) throws Invalid {
    return checkedIdentifier(field, text(obj, field));
  }

  static String checkedIdentifier(String field, String value) throws Invalid {
    String problem = Identifiers.problem(field, value);
    if (problem != null) {
      throw new Invalid(ReasonCode.INVALID_IDENTIFIER, problem);
    }
    return value;
  }

  static long integer(JsonNode obj, String field) throws Invalid {
    JsonNode v = required(obj, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Invalid(ReasonCode.WRONG_TYPE, "field '" + field + "' must be an integer");
    }
    return v.longValue();
  }

  static double finite(JsonNode v, String field) throws Invalid {
    if (!v.isNumber()) {
      throw new Invalid(ReasonCode.WRONG_TYPE, "field '" + field + "' must be a number");
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw new Invalid(ReasonCode.NON_FINITE_VALUE, "field '" + field + "' is " + d);
    }
    return d;
  }

  /** A timestamp given as epoch milliseconds or as an ISO-8601 string with offset. */
  static long timestamp(JsonNode obj, String field) throws Invalid {
    JsonNode v = required(obj, field);
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong() || v.longValue() < 0) {
        throw new Invalid(ReasonCode.BAD_TIMESTAMP, "field '" + field + "' is out of range");
      }
      return v.longValue();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      try {
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e2) {
          throw new Invalid(
              ReasonCode.BAD_TIMESTAMP,
              "field '" + field + "' is not ISO-8601 with an offset: '" + abbreviate(s) + "'");
        }
      }
    }
    throw new Invalid(
        ReasonCode.WRONG_TYPE,
        "field '" + field + "' must be epoch milliseconds or an ISO-8601 string");
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    int nl = message.indexOf('\n');
    return abbreviate(nl < 0 ? message : message.substring(0, nl));
  }
}
