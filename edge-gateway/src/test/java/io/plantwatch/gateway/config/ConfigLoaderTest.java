package io.plantwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.telemetry.PayloadFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesTheFile() throws Exception {
    Path f =
        yaml(
            """
            id: line-7
            site:
              broker:
                uri: ssl://site.plant:8883
              subscriptions:
                - template: "factory/{site}/{line}/{machine}/{metric}"
                  format: BARE_NUMBER
            uplink:
              batchLinger: 1s
            units:
              temperature: degF
            """);
    GatewayConfig c =
        ConfigLoader.load(
            f,
            Map.of(
                "PLANTWATCH_GATEWAY_UPLINK_BROKER_PASSWORD", "from-env",
                "PLANTWATCH_GATEWAY_UPLINK_MAX_IN_FLIGHT", "4",
                "PATH", "/usr/bin"));
    assertThat(c.id()).isEqualTo("line-7");
    assertThat(c.site().broker().uri()).isEqualTo("ssl://site.plant:8883");
    assertThat(c.site().broker().clientId()).isEqualTo("plantwatch-gw1-site");
    assertThat(c.site().subscriptions())
        .containsExactly(
            new GatewayConfig.SubscriptionConfig(
                "factory/{site}/{line}/{machine}/{metric}", PayloadFormat.BARE_NUMBER));
    assertThat(c.uplink().batchLinger()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.uplink().maxInFlight()).isEqualTo(4);
    assertThat(ConfigLoader.password(c.uplink().broker()).reveal()).isEqualTo("from-env");
    assertThat(c.units()).isEqualTo(Map.of("temperature", "degF"));
    assertThat(c.uplink().broker().toString()).doesNotContain("from-env");
  }

  @Test
  void unknownKeysAreRefusedWithTheirLine() throws Exception {
    Path f = yaml("id: a\nuplink:\n  batchMaxReading: 5\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("field 'uplink.batchMaxReading'")
        .hasMessageContaining("unknown key 'batchMaxReading'")
        .hasMessageContaining("batchMaxReadings");
  }

  @Test
  void badValuesAreRefusedNamingEveryField() throws Exception {
    Path f =
        yaml(
            """
            id: "a/b"
            site:
              broker: {uri: "mqtt://x"}
              subscriptions: [{template: "plant/{site}/{machine}", format: JSON_MULTI}]
              protocol: "4"
            queue: {maxBytes: 10}
            validation:
              ranges: {vibration: [5, 1]}
            """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("id must not contain '/'")
        .hasMessageContaining("site.broker.uri must look like tcp://host:port")
        .hasMessageContaining("site.subscriptions[0].template: template must contain {line}")
        .hasMessageContaining("site.protocol must be 5 or 3.1.1")
        .hasMessageContaining("queue.maxBytes must be at least 1048576")
        .hasMessageContaining("validation.ranges.vibration must be [min, max]");
  }

  @Test
  void badDurationsAndTyposInTheEnvironmentAreRefused() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(yaml("uplink:\n  batchLinger: soon\n"), Map.of()))
        .hasMessageContaining("line 2")
        .hasMessageContaining("not a duration");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("PLANTWATCH_GATEWAY_UPLINK_BATCH_SIZE", "5")))
        .hasMessageContaining("unknown environment variable PLANTWATCH_GATEWAY_UPLINK_BATCH_SIZE");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void listsComeFromTheEnvironmentAsJson() {
    GatewayConfig c =
        ConfigLoader.load(
            null,
            Map.of(
                "PLANTWATCH_GATEWAY_VALIDATION_ALLOWED_METRICS",
                "[\"temperature\"]",
                "PLANTWATCH_GATEWAY_SITE_PROTOCOL",
                "3.1.1"));
    assertThat(c.validation().allowedMetrics()).containsExactly("temperature");
    assertThat(c.site().protocol()).isEqualTo("3.1.1");
  }

  @Test
  void everySettingIsDocumentedInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme)
        .as("README's table is the generated ConfigReference.markdown()")
        .contains(ConfigReference.markdown());
    ConfigLoader.environmentNames()
        .forEach(
            (path, env) -> {
              assertThat(readme).as("README documents %s", path).contains("| `" + path + "` |");
              assertThat(readme).as("README names %s", env).contains("`" + env + "`");
            });
  }

  @Test
  void theShippedSampleConfigurationLoads() {
    // The sample names files that exist on a gateway, not here: the environment blanks them.
    GatewayConfig c =
        ConfigLoader.load(
            Path.of("gateway.sample.yaml"),
            Map.of(
                "PLANTWATCH_GATEWAY_UPLINK_BROKER_TRUST_STORE", "",
                "PLANTWATCH_GATEWAY_UPLINK_BROKER_PASSWORD_FILE", ""));
    assertThat(c.id()).isEqualTo("line-7");
    assertThat(c.site().subscriptions()).hasSize(3);
  }
}
