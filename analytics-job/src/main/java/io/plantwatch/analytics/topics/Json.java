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

  // The windows query writes two records per window it emits: a generator per record was a quarter
  // of their JSON time. Each task thread keeps one, writing one value after the other.
  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

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

  /**
   * What {@code body} writes, one complete JSON value, as UTF-8: the bytes a record carries, with
   * no text in between.
   */
  static byte[] write(Body body) {
    Writer writer = WRITERS.get();
    try {
      return writer.write(body);
    } catch (IOException | RuntimeException e) {
      // Half a value may be in the generator: the thread's next value starts on a new one.
      WRITERS.remove();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("writing JSON to memory", io);
      }
      throw (RuntimeException) e;
    }
  }

  /** A generator over a buffer that is emptied after each value. */
  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final JsonGenerator generator;

    Writer() {
      try {
        generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
      } catch (IOException e) {
        throw new UncheckedIOException("opening a JSON generator on memory", e);
      }
      // Values follow each other in one generator; each record is one value, with nothing before.
      generator.setRootValueSeparator(null);
    }

    byte[] write(Body body) throws IOException {
      body.write(generator);
      if (!generator.getOutputContext().inRoot()) {
        throw new IllegalStateException("a JSON record was left unfinished");
      }
      generator.flush();
      byte[] value = out.toByteArray();
      out.reset();
      return value;
    }
  }
}
