package io.plantwatch.analytics.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the generated one; regenerate it when keys change. */
class ConfigReferenceTest {
  static final String START =
      "<!-- config-reference:start (generated: bin/plantwatch job --config-reference) -->";
  static final String END = "<!-- config-reference:end -->";

  @Test
  void theReadmeTableMatchesTheDeclaredKeys() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertThat(start).as("README.md has the start marker").isGreaterThanOrEqualTo(0);
    assertThat(end).as("README.md has the end marker").isGreaterThan(start);
    String table = readme.substring(start + START.length(), end).strip() + "\n";
    assertThat(table)
        .as(
            "README.md config table is stale: paste the output of 'bin/plantwatch job --config-reference'")
        .isEqualTo(ConfigReference.markdown());
  }

  @Test
  void theTableHasOneRowPerKeyAndMarksTheRequiredOne() {
    String table = ConfigReference.markdown();
    assertThat(table.lines().count()).isEqualTo(JobConfig.KEYS.size() + 2);
    assertThat(table)
        .contains("| `plantwatch.checkpoint` | **required** | `PLANTWATCH_CHECKPOINT` |")
        .contains("| `plantwatch.influx.token` | (none) | `PLANTWATCH_INFLUX_TOKEN` |")
        .contains("| `plantwatch.windows` | `5m/1m` | `PLANTWATCH_WINDOWS` |");
  }
}
