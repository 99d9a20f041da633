package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The Connect plugin that {@code mvn package} builds, as an operator unpacks it. */
class PluginPackageIT {
  private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
  private static final String BASE = "plantwatch-ingest-connector-" + VERSION;
  private static final Path DIR = Path.of("target", BASE, BASE);

  private static List<String> libs() throws IOException {
    try (Stream<Path> files = Files.list(DIR.resolve("lib"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theDirectoryHoldsTheConnectorAndItsOwnDependenciesButNoKafkaClasses() throws Exception {
    assertThat(libs())
        .anyMatch(n -> n.startsWith("ingest-connector-"))
        .anyMatch(n -> n.startsWith("telemetry-model-"))
        .anyMatch(n -> n.startsWith("org.eclipse.paho.mqttv5.client-"))
        .anyMatch(n -> n.startsWith("jackson-databind-"))
        .anyMatch(n -> n.startsWith("avro-"))
        .noneMatch(n -> n.startsWith("kafka") || n.startsWith("connect-"))
        .noneMatch(n -> n.startsWith("slf4j") || n.startsWith("log4j"));
    assertThat(DIR.resolve("doc/README.md")).exists();
    assertThat(DIR.resolve("etc/plantwatch-ingest.json")).exists();
  }

  @Test
  void theManifestIsInConfluentHubFormatWithTheBuildVersion() throws Exception {
    JsonNode m = new ObjectMapper().readTree(DIR.resolve("manifest.json").toFile());
    assertThat(m.get("name").asText()).isEqualTo("plantwatch-ingest-connector");
    assertThat(m.get("version").asText()).isEqualTo(VERSION);
    assertThat(m.get("component_types"))
        .extracting(JsonNode::asText)
        .containsExactly("source", "converter");
    assertThat(m.get("owner").get("username").asText()).isNotBlank();
    assertThat(m.get("title").asText()).isNotBlank();
  }

  @Test
  void theZipHasTheSameContentUnderOneTopDirectory() throws Exception {
    try (ZipFile zip = new ZipFile(Path.of("target", BASE + ".zip").toFile())) {
      List<String> names = zip.stream().map(e -> e.getName()).toList();
      assertThat(names).allMatch(n -> n.startsWith(BASE + "/"));
      assertThat(names).contains(BASE + "/manifest.json");
      for (String lib : libs()) {
        assertThat(names).contains(BASE + "/lib/" + lib);
      }
    }
  }
}
