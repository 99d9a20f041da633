package io.plantwatch.analytics.topics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Compact JSON text for the computed topics' keys and values. Identifiers are written as JSON
 * strings, never spliced: quotes, commas, {@code =}, {@code <script>} and any unicode survive, and
 * the same identifiers always give the same key bytes (compaction compares bytes).
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** The JSON array of {@code parts}: {@code ["a","b"]}, no spaces, as UTF-8. */
  static byte[] array(String... parts) {
    return write(
        g -> {
          g.writeStartArray();
          for (String p : parts) {
            g.writeString(p);
          }
          g.writeEndArray();
        });
  }

  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** What {@code body} writes, as UTF-8: the bytes a record carries, with no text in between. */
  static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toByteArray();
  }

  /** A text that may be absent in the readings: an empty string then, so consumers see a text. */
  static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
