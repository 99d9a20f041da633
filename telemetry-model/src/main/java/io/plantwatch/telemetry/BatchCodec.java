package io.plantwatch.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of the uplink batch envelope (contract 3) and of a single {@link Reading}. The field
 * names here are the wire contract shared by the gateway, the connector and the analytics job.
 */
public final class BatchCodec {
  public static final int DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;

  /** Field names of a reading on the wire. */
  public static final class Fields {
    public static final String ID = "id";
    public static final String SITE = "site";
    public static final String LINE = "line";
    public static final String MACHINE = "machine";
    public static final String METRIC = "metric";
    public static final String UNIT = "unit";
    public static final String VALUE = "value";
    public static final String TS = "ts";
    public static final String GATEWAY = "gateway";
    public static final String RECEIVED_AT = "receivedAt";

    private Fields() {}
  }

  private final int maxBatchBytes;

  public BatchCodec(int maxBatchBytes) {
    if (maxBatchBytes <= 0) {
      throw new IllegalArgumentException("maxBatchBytes must be positive");
    }
    this.maxBatchBytes = maxBatchBytes;
  }

  public BatchCodec() {
    this(DEFAULT_MAX_BATCH_BYTES);
  }

  public byte[] encode(UplinkBatch batch) {
    return write(
        256 + 200 * batch.readings().size(),
        g -> {
          writeHead(g, batch.v(), batch.gateway(), batch.batch());
          g.writeArrayFieldStart("readings");
          for (Reading r : batch.readings()) {
            writeReading(g, r);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * The same bytes as {@link #encode} for readings already encoded with {@link #encodeReading}:
   * lets a gateway build envelopes from its queue without decoding every reading again.
   */
  public byte[] encodeRaw(String gateway, long batch, java.util.List<byte[]> encodedReadings) {
    byte[] head =
        write(
            64,
            g -> {
              writeHead(g, UplinkBatch.CURRENT_VERSION, gateway, batch);
              g.writeEndObject();
            });
    int size = head.length + 14 + encodedReadings.size();
    for (byte[] r : encodedReadings) {
      size += r.length;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
    out.write(head, 0, head.length - 1); // without the closing brace
    out.writeBytes(",\"readings\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (int i = 0; i < encodedReadings.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(encodedReadings.get(i));
    }
    out.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * One reading's JSON object. Written field by field rather than through a tree: the gateway does
   * this for every reading it queues.
   */
  public byte[] encodeReading(Reading r) {
    return write(200, g -> writeReading(g, r));
  }

  public Decoded<UplinkBatch> decode(byte[] payload) {
    try {
      JsonNode root = Json.object(Json.parse(payload, maxBatchBytes), "envelope");
      long v = Json.integer(root, "v");
      if (v != UplinkBatch.CURRENT_VERSION) {
        return Decoded.refused(
            ReasonCode.UNKNOWN_VERSION,
            "envelope version "
                + v
                + " is not supported (this build reads "
                + UplinkBatch.CURRENT_VERSION
                + ")");
      }
      String gateway = Json.identifier(root, "gateway");
      long batch = Json.integer(root, "batch");
      JsonNode array = Json.required(root, "readings");
      if (!array.isArray()) {
        return Decoded.refused(ReasonCode.WRONG_TYPE, "field 'readings' must be an array");
      }
      List<Reading> readings = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        try {
          readings.add(fromNode(Json.object(array.get(i), "reading")));
        } catch (Json.Invalid e) {
          return Decoded.refused(e.reason, "readings[" + i + "]: " + e.getMessage());
        }
      }
      return Decoded.accepted(new UplinkBatch((int) v, gateway, batch, readings));
    } catch (Json.Invalid e) {
      return new Decoded.Refused<>(e.rejection());
    }
  }

  public Decoded<Reading> decodeReading(byte[] payload) {
    try {
      return Decoded.accepted(fromNode(Json.object(Json.parse(payload, maxBatchBytes), "reading")));
    } catch (Json.Invalid e) {
      return new Decoded.Refused<>(e.rejection());
    }
  }

  /** Opens the envelope's object and writes the fields before its readings. */
  private static void writeHead(JsonGenerator g, int v, String gateway, long batch)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("v", v);
    g.writeStringField("gateway", gateway);
    g.writeNumberField("batch", batch);
  }

  private static void writeReading(JsonGenerator g, Reading r) throws IOException {
    g.writeStartObject();
    g.writeStringField(Fields.ID, r.id());
    g.writeStringField(Fields.SITE, r.site());
    g.writeStringField(Fields.LINE, r.line());
    g.writeStringField(Fields.MACHINE, r.machine());
    g.writeStringField(Fields.METRIC, r.metric());
    g.writeStringField(Fields.UNIT, r.unit());
    g.writeNumberField(Fields.VALUE, r.value());
    g.writeNumberField(Fields.TS, r.ts());
    g.writeStringField(Fields.GATEWAY, r.gateway());
    g.writeNumberField(Fields.RECEIVED_AT, r.receivedAt());
    g.writeEndObject();
  }

  private interface Body {
    void writeTo(JsonGenerator g) throws IOException;
  }

  /** {@code sizeHint}: a reading takes 150-200 bytes, so the buffer rarely grows. */
  private static byte[] write(int sizeHint, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      body.writeTo(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Reading fromNode(JsonNode n) throws Json.Invalid {
    String unit = Json.text(n, Fields.UNIT);
    return new Reading(
        Json.identifier(n, Fields.ID),
        Json.identifier(n, Fields.SITE),
        Json.identifier(n, Fields.LINE),
        Json.identifier(n, Fields.MACHINE),
        Json.identifier(n, Fields.METRIC),
        unit,
        Json.finite(Json.required(n, Fields.VALUE), Fields.VALUE),
        Json.integer(n, Fields.TS),
        Json.identifier(n, Fields.GATEWAY),
        Json.integer(n, Fields.RECEIVED_AT));
  }
}
