package io.plantwatch.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The compose file as the tests read it: services, environments, commands, with .env applied. */
final class ComposeFile {
  static final Path FILE = Path.of("docker-compose.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ComposeFile() {}

  static JsonNode services() {
    try {
      return YAML.readTree(FILE.toFile()).get("services");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> env(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    services()
        .get(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static List<String> command(String service) {
    List<String> out = new ArrayList<>();
    services().get(service).path("command").forEach(c -> out.add(c.asText()));
    return out;
  }

  static Properties dotEnv() {
    Properties p = new Properties();
    try {
      for (String line : Files.readAllLines(Path.of(".env"))) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          p.setProperty(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
