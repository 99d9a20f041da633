package io.plantwatch.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes the device payloads of contract 1 into canonical {@link Measurement}s. Never throws on
 * bad input: every problem comes back as a {@link Rejection} with a {@link ReasonCode}.
 */
public final class DevicePayloadDecoder {
  private final CodecLimits limits;
  private final CanonicalUnits units;
  private final Clock clock;

  public DevicePayloadDecoder(CodecLimits limits, CanonicalUnits units, Clock clock) {
    this.limits = limits;
    this.units = units;
    this.clock = clock;
  }

  /**
   * @param topicMetric the metric named by the topic's last level; used by {@link
   *     PayloadFormat#BARE_NUMBER} only
   * @param receivedAt arrival time, epoch millis; the event time of bare numbers
   */
  public Decoded<DeviceMessage> decode(
      PayloadFormat format, String topicMetric, byte[] payload, long receivedAt) {
    try {
      return Decoded.accepted(
          switch (format) {
            case JSON_MULTI ->
                multi(Json.object(Json.parse(payload, limits.maxPayloadBytes()), "payload"));
            case JSON_SINGLE ->
                single(Json.object(Json.parse(payload, limits.maxPayloadBytes()), "payload"));
            case BARE_NUMBER -> bare(topicMetric, payload, receivedAt);
          });
    } catch (Json.Invalid e) {
      return new Decoded.Refused<>(e.rejection());
    }
  }

  private DeviceMessage multi(JsonNode root) throws Json.Invalid {
    long ts = checkedTime(Json.timestamp(root, "ts"));
    JsonNode metrics = Json.required(root, "metrics");
    if (!metrics.isObject()) {
      throw new Json.Invalid(ReasonCode.WRONG_TYPE, "field 'metrics' must be an object");
    }
    if (metrics.isEmpty()) {
      throw new Json.Invalid(ReasonCode.MISSING_FIELD, "field 'metrics' is empty");
    }
    List<Measurement> accepted = new ArrayList<>(metrics.size());
    List<DeviceMessage.MetricRejection> rejected = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = metrics.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String metric = e.getKey();
      try {
        Json.checkedIdentifier("metric", metric);
        JsonNode v = e.getValue();
        Decoded<Measurement> m;
        if (v.isObject()) {
          m =
              units.canonicalize(
                  metric, Json.finite(Json.required(v, "value"), "value"), unit(v), ts);
        } else {
          m = units.canonicalize(metric, Json.finite(v, "metrics." + metric), null, ts);
        }
        if (m.isAccepted()) {
          accepted.add(m.value());
        } else {
          rejected.add(new DeviceMessage.MetricRejection(metric, m.rejection()));
        }
      } catch (Json.Invalid invalid) {
        rejected.add(new DeviceMessage.MetricRejection(metric, invalid.rejection()));
      }
    }
    return new DeviceMessage(accepted, rejected);
  }

  private DeviceMessage single(JsonNode root) throws Json.Invalid {
    long ts = checkedTime(Json.timestamp(root, "ts"));
    String metric = Json.identifier(root, "metric");
    double value = Json.finite(Json.required(root, "value"), "value");
    return one(units.canonicalize(metric, value, unit(root), ts));
  }

  private DeviceMessage bare(String topicMetric, byte[] payload, long receivedAt)
      throws Json.Invalid {
    if (payload == null || payload.length == 0) {
      throw new Json.Invalid(ReasonCode.EMPTY_PAYLOAD, "payload is empty");
    }
    if (payload.length > 64) {
      throw new Json.Invalid(
          ReasonCode.PAYLOAD_TOO_LARGE, "a bare number payload is " + payload.length + " bytes");
    }
    Json.checkedIdentifier("metric", topicMetric);
    String text;
    try {
      text =
          StandardCharsets.US_ASCII
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString()
              .strip();
    } catch (CharacterCodingException e) {
      throw new Json.Invalid(ReasonCode.WRONG_TYPE, "bare payload is not ASCII text");
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new Json.Invalid(
          ReasonCode.WRONG_TYPE, "bare payload is not a number: '" + Json.abbreviate(text) + "'");
    }
    // Double.parseDouble also accepts hex floats and a trailing 'd'/'f'; devices never mean that.
    if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity)")) {
      throw new Json.Invalid(
          ReasonCode.WRONG_TYPE, "bare payload is not a decimal number: '" + text + "'");
    }
    if (!Double.isFinite(value)) {
      throw new Json.Invalid(ReasonCode.NON_FINITE_VALUE, "bare payload is " + text);
    }
    return one(units.canonicalize(topicMetric, value, null, receivedAt));
  }

  private static DeviceMessage one(Decoded<Measurement> m) throws Json.Invalid {
    if (!m.isAccepted()) {
      throw new Json.Invalid(m.rejection().reason(), m.rejection().detail());
    }
    return new DeviceMessage(List.of(m.value()), List.of());
  }

  private static String unit(JsonNode obj) throws Json.Invalid {
    JsonNode u = obj.get("unit");
    if (u == null || u.isNull()) {
      return null;
    }
    if (!u.isTextual()) {
      throw new Json.Invalid(ReasonCode.WRONG_TYPE, "field 'unit' must be a string");
    }
    return u.textValue();
  }

  private long checkedTime(long ts) throws Json.Invalid {
    long now = clock.millis();
    if (ts - now > limits.maxFutureSkew().toMillis()) {
      throw new Json.Invalid(
          ReasonCode.TIMESTAMP_SKEW,
          "ts is "
              + (ts - now)
              + " ms ahead of the gateway clock, limit "
              + limits.maxFutureSkew().toMillis());
    }
    if (!limits.maxPastSkew().isZero() && now - ts > limits.maxPastSkew().toMillis()) {
      throw new Json.Invalid(
          ReasonCode.TIMESTAMP_SKEW,
          "ts is "
              + (now - ts)
              + " ms behind the gateway clock, limit "
              + limits.maxPastSkew().toMillis());
    }
    return ts;
  }
}
