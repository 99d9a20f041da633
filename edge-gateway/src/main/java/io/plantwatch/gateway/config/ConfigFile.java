package io.plantwatch.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML configuration file read key by key against {@link GatewayKeys}, each value with the place
 * it was written, so that every problem names the field and its line.
 */
final class ConfigFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A key's value as written, and where: {@code "gateway.yaml: line 3, column 14: "}. */
  record Entry(JsonNode value, String where) {}

  private final Path file;
  private final List<String> problems;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private ConfigFile(Path file, List<String> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The keys the file sets, by path; unknown keys and malformed YAML go to {@code problems}. */
  static Map<String, Entry> read(Path file, List<String> problems) {
    ConfigFile f = new ConfigFile(file, problems);
    try (JsonParser p = YAML.createParser(file.toFile())) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return f.entries; // an empty file: the defaults
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException(file + ": the top level must be a mapping");
      }
      f.mapping(p, "");
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      int nl = m.indexOf('\n');
      problems.add(f.at(e.getLocation()) + (nl < 0 ? m : m.substring(0, nl)));
    } catch (IOException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
    return f.entries;
  }

  private void mapping(JsonParser p, String prefix) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      String nameAt = at(p.currentTokenLocation());
      JsonToken value = p.nextToken();
      String valueAt = at(p.currentTokenLocation());
      if (GatewayKeys.at(path) != null) {
        entries.put(path, new Entry(p.readValueAsTree(), valueAt));
      } else if (!GatewayKeys.childrenOf(path).isEmpty()) {
        if (value == JsonToken.START_OBJECT) {
          mapping(p, path);
        } else if (value != JsonToken.VALUE_NULL) {
          problems.add(
              valueAt
                  + "field '"
                  + path
                  + "': expected a mapping of "
                  + GatewayKeys.childrenOf(path));
          p.skipChildren();
        }
      } else {
        problems.add(
            nameAt
                + "field '"
                + path
                + "': unknown key '"
                + name
                + "' (known: "
                + GatewayKeys.childrenOf(prefix)
                + ")");
        p.skipChildren();
      }
    }
  }

  private String at(JsonLocation l) {
    return l == null
        ? file + ": "
        : file + ": line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
  }
}
