package io.plantwatch.analytics.topics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Compact JSON text for the computed topics' keys and values. Identifiers are written as JSON
 * strings, never spliced: quotes, commas, {@code =}, {@code <script>} and any unicode survive, and
 * the same identifiers always give the same key bytes (compaction compares bytes).
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** The JSON array of {@code parts}: {@code ["a","b"]}, no spaces. */
  static String array(String... parts) {
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

  static String write(Body body) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string", e);
    }
    return out.toString();
  }

  /** A text that may be absent in the readings: an empty string then, so consumers see a text. */
  static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
