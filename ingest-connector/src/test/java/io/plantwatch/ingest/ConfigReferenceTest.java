package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table must be the one generated from the ConfigDef. To refresh it:
 * {@code mvn -pl ingest-connector test -Dtest=ConfigReferenceTest -Dreadme.update=true}.
 */
class ConfigReferenceTest {
  private static final Path README = Path.of("README.md");

  @Test
  void readmeTableMatchesTheConfigDef() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int begin = readme.indexOf(ConfigReference.BEGIN);
    int end = readme.indexOf(ConfigReference.END);
    assertThat(begin).as("README lacks the begin marker").isNotNegative();
    assertThat(end).as("README lacks the end marker").isGreaterThan(begin);
    String expected = "\n\n" + ConfigReference.markdown(MqttSourceConfig.CONFIG_DEF);
    String actual = readme.substring(begin + ConfigReference.BEGIN.length(), end);
    if (!actual.equals(expected) && Boolean.getBoolean("readme.update")) {
      Files.writeString(
          README,
          readme.substring(0, begin + ConfigReference.BEGIN.length())
              + expected
              + readme.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(actual)
        .as("README config table is stale; regenerate with -Dreadme.update=true (see this test)")
        .isEqualTo(expected);
  }

  @Test
  void everyPublicSettingIsInTheTable() {
    String table = ConfigReference.markdown(MqttSourceConfig.CONFIG_DEF);
    MqttSourceConfig.CONFIG_DEF.names().forEach(n -> assertThat(table).contains("`" + n + "`"));
    assertThat(table).doesNotContain(MqttSourceConfig.TASK_INDEX_CONFIG);
  }
}
