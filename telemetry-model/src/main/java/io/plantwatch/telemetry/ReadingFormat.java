package io.plantwatch.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How readings are encoded in the values of {@code telemetry.readings}: the contract between the
 * connector's value converter and the analytics job's {@code plantwatch.readings.format}. Both
 * sides must name the same format.
 */
public enum ReadingFormat {
  /** Connect's JsonConverter: the reading's JSON object, with or without the schema envelope. */
  JSON,
  /**
   * Avro binary of one reading ({@link #avroSchema()}), no registry and no header bytes: the schema
   * is fixed, so writer and reader both take it from this module. About 40 % of the JSON's bytes,
   * and cheaper to parse.
   */
  AVRO;

  private static final String SCHEMA_RESOURCE = "reading.avsc";

  /** The format as configured: {@code json} or {@code avro}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Avro schema of a reading, as JSON text (the reader's and the writer's schema). */
  public static String avroSchema() {
    return AvroSchema.TEXT;
  }

  /** Read from the jar once, on first use: JSON-only deployments never read it. */
  private static final class AvroSchema {
    static final String TEXT = load();

    private static String load() {
      try (InputStream in = ReadingFormat.class.getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              SCHEMA_RESOURCE + " is missing from telemetry-model's jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
