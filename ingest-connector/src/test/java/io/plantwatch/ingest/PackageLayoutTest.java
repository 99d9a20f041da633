package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The "must not touch" column of the README's Layout section, checked on the imports: the MQTT side
 * knows no Connect records and no record mapping, the record mapping no Paho, and the top package
 * leaves the MQTT client and the records' contents to them.
 */
class PackageLayoutTest {
  private static final Path MAIN = Path.of("src/main/java/io/plantwatch/ingest");

  private static List<String> importsOf(Path dir, boolean recursive) throws IOException {
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(PackageLayoutTest::lines)
          .filter(l -> l.startsWith("import "))
          .toList();
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      // The file name rides along so that a failure names the file.
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(l -> l.strip() + "   // " + file.getFileName());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theMqttPackageKnowsNoConnectRecordsAndNoRecordMapping() throws IOException {
    assertThat(importsOf(MAIN.resolve("mqtt"), true))
        .isNotEmpty()
        .noneMatch(i -> i.startsWith("import org.apache.kafka.connect.data."))
        .noneMatch(i -> i.startsWith("import org.apache.kafka.connect.header."))
        .noneMatch(i -> i.startsWith("import org.apache.kafka.connect.source."))
        .noneMatch(i -> i.startsWith("import io.plantwatch.ingest.records."));
  }

  @Test
  void theRecordsPackageKnowsNoPaho() throws IOException {
    assertThat(importsOf(MAIN.resolve("records"), true))
        .isNotEmpty()
        .noneMatch(i -> i.startsWith("import org.eclipse.paho."));
  }

  @Test
  void theTopPackageLeavesTheMqttClientAndTheRecordsContentsToTheOthers() throws IOException {
    assertThat(importsOf(MAIN, false))
        .isNotEmpty()
        .noneMatch(i -> i.startsWith("import org.eclipse.paho.mqttv5.client."))
        .noneMatch(i -> i.startsWith("import org.apache.kafka.connect.data."))
        .noneMatch(i -> i.startsWith("import org.apache.kafka.connect.header."));
  }
}
