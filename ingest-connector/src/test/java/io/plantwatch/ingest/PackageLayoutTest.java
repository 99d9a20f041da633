package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The "must not touch" column of the README's Layout section, checked on the imports: the MQTT side
 * knows no Connect records and no record mapping, the record mapping no Paho, and the top package
 * leaves the MQTT client and the records' contents to them. Dependencies go one way, top → {@code
 * records} → {@code mqtt}, so there is no cycle between the three packages (CONTRIBUTING's rule;
 * {@code scripts/package-cycles.py} checks the whole repository).
 */
class PackageLayoutTest {
  private static final Path MAIN = Path.of("src/main/java/io/plantwatch/ingest");

  /**
   * A type of the top package, imported or written out in full, even in a comment ({@code
   * package-cycles.py} counts those too): a class name right after the package, or a wildcard.
   */
  private static final Pattern TOP_PACKAGE_TYPE =
      Pattern.compile("io\\.plantwatch\\.ingest\\.(\\*|[A-Z])");

  private static final Pattern RECORDS_PACKAGE =
      Pattern.compile("io\\.plantwatch\\.ingest\\.records\\b");

  private static List<String> importsOf(Path dir, boolean recursive) throws IOException {
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(PackageLayoutTest::lines)
          .filter(l -> l.startsWith("import "))
          .toList();
    }
  }

  /** Every line of the package's sources (and its sub-packages') that names {@code pattern}. */
  private static List<String> mentionsOf(Path dir, Pattern pattern) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(PackageLayoutTest::lines)
          .filter(l -> pattern.matcher(l).find())
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
  void theMqttPackageNamesNeitherTheRecordsPackageNorTheTopPackage() throws IOException {
    assertThat(mentionsOf(MAIN.resolve("mqtt"), RECORDS_PACKAGE)).isEmpty();
    assertThat(mentionsOf(MAIN.resolve("mqtt"), TOP_PACKAGE_TYPE)).isEmpty();
  }

  @Test
  void theRecordsPackageNamesNothingOfTheTopPackage() throws IOException {
    assertThat(mentionsOf(MAIN.resolve("records"), TOP_PACKAGE_TYPE)).isEmpty();
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
