package io.plantwatch.devices.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JSON-lines record of every value a simulator published, so tests and benchmarks can compute the
 * expected results independently of the pipeline.
 */
public final class SentLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  /** One published value. */
  public record Entry(
      String topic,
      String site,
      String line,
      String machine,
      String metric,
      double value,
      String unit,
      long ts) {}

  public SentLog(Path file) throws IOException {
    this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  public synchronized void write(Entry e) throws IOException {
    if (out == null) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("topic", e.topic());
    n.put("site", e.site());
    n.put("line", e.line());
    n.put("machine", e.machine());
    n.put("metric", e.metric());
    n.put("value", e.value());
    n.put("unit", e.unit());
    n.put("ts", e.ts());
    out.write(JSON.writeValueAsString(n));
    out.write('\n');
  }

  public static java.util.List<Entry> read(Path file) throws IOException {
    java.util.List<Entry> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      var n = JSON.readTree(line);
      out.add(
          new Entry(
              n.get("topic").asText(),
              n.get("site").asText(),
              n.get("line").asText(),
              n.get("machine").asText(),
              n.get("metric").asText(),
              n.get("value").asDouble(),
              n.get("unit").asText(),
              n.get("ts").asLong()));
    }
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
