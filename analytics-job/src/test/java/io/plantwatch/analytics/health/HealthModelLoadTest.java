package io.plantwatch.analytics.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthModelLoadTest {
  @TempDir Path dir;

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> HealthModel.checkedManifest(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("health model " + missing.toAbsolutePath() + ": no such directory");
  }

  @Test
  void aDirectoryWithoutManifestIsNotAModel() {
    assertThatThrownBy(() -> HealthModel.checkedManifest(dir))
        .hasMessage(
            "health model "
                + dir.toAbsolutePath()
                + ": no manifest.json (not a directory written by model train)");
  }

  @Test
  void anotherFormatIsRefusedNamingBoth() throws Exception {
    manifest("plantwatch-rul/0", List.of("T30_last"));
    assertThatThrownBy(() -> HealthModel.checkedManifest(dir))
        .hasMessage(
            "health model "
                + dir.toAbsolutePath()
                + ": format 'plantwatch-rul/0' but this version reads 'plantwatch-rul/2' (or"
                + " 'plantwatch-rul/1'); train it again");
  }

  @Test
  void featuresThisVersionDoesNotComputeAreRefused() throws Exception {
    manifest(ModelManifest.FORMAT, List.of("T30_last", "cycles"));
    assertThatThrownBy(() -> HealthModel.checkedManifest(dir))
        .hasMessageStartingWith(
            "health model "
                + dir.toAbsolutePath()
                + ": its features [T30_last, cycles] are not the ones this version computes");
  }

  @Test
  void unreadableJsonIsNamed() throws Exception {
    Files.writeString(dir.resolve("manifest.json"), "{not json");
    assertThatThrownBy(() -> HealthModel.checkedManifest(dir))
        .hasMessageStartingWith(
            "health model " + dir.toAbsolutePath() + ": unreadable manifest.json");
  }

  private void manifest(String format, List<String> features) throws Exception {
    new ModelManifest(
            format,
            "m",
            "gbt",
            List.of("T30"),
            30,
            features,
            125,
            0.9,
            20,
            "t.txt",
            "00",
            Map.of(),
            Map.of(),
            Map.of(),
            1,
            "4.2.0",
            List.of(),
            Map.of(),
            Map.of(),
            List.of(),
            List.of())
        .write(dir);
  }
}
