package io.plantwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key declarations: complete, consistent with the records, and what loading makes of them. */
class GatewayKeysTest {
  @TempDir Path dir;

  @Test
  void everyKeyHasAMeaningAndADefaultThatPassesItsOwnChecks() {
    assertThat(GatewayKeys.all()).isNotEmpty();
    for (ConfigKey<?> k : GatewayKeys.all()) {
      assertThat(k.doc()).as("meaning of %s", k.path()).isNotBlank();
      assertThat(k.defaultValue()).as("default of %s", k.path()).isNotNull();
    }
    assertThat(GatewayKeys.problems(GatewayKeys.defaults())).isEmpty();
  }

  @Test
  void theRecordsHoldExactlyTheDeclaredKeys() {
    // Building the defaults fails on a record component that is no key; reading every key back
    // fails on a key that is no component.
    GatewayConfig defaults = GatewayConfig.defaults();
    for (ConfigKey<?> k : GatewayKeys.all()) {
      assertThat(RecordBinding.read(defaults, k.path())).as(k.path()).isEqualTo(k.defaultValue());
    }
  }

  @Test
  void environmentNamesFollowThePathsAndAreUnique() {
    Set<String> names = new HashSet<>();
    for (ConfigKey<?> k : GatewayKeys.all()) {
      assertThat(names.add(k.envName())).as("%s is unique", k.envName()).isTrue();
    }
    assertThat(ConfigLoader.environmentNames())
        .containsEntry("uplink.maxInFlight", "PLANTWATCH_GATEWAY_UPLINK_MAX_IN_FLIGHT")
        .containsEntry(
            "queue.commitRetry.maxRetries", "PLANTWATCH_GATEWAY_QUEUE_COMMIT_RETRY_MAX_RETRIES")
        .containsEntry(
            "site.broker.connectTimeout", "PLANTWATCH_GATEWAY_SITE_BROKER_CONNECT_TIMEOUT");
  }

  @Test
  void everyKeyCanBeSetFromTheEnvironment() {
    for (ConfigKey<?> k : GatewayKeys.all()) {
      if (k.type() == ValueType.SECRET) {
        continue; // the written form of a secret is its mask, covered below
      }
      JsonNode written = k.type().write(k.defaultValue());
      String text = k.type().structured() ? written.toString() : written.asText();
      GatewayConfig c = ConfigLoader.load(null, Map.of(k.envName(), text));
      assertThat(RecordBinding.read(c, k.path())).as(k.envName()).isEqualTo(k.defaultValue());
    }
    GatewayConfig c =
        ConfigLoader.load(
            null,
            Map.of(
                "PLANTWATCH_GATEWAY_QUEUE_COMMIT_RETRY_MAX_RETRIES", "3",
                "PLANTWATCH_GATEWAY_UPLINK_FORWARD_RETRY_MAX_DELAY", "1m",
                "PLANTWATCH_GATEWAY_UPLINK_BROKER_CONNECT_TIMEOUT", "20s",
                "PLANTWATCH_GATEWAY_SITE_BROKER_KEY_STORE_PASSWORD", "k3y"));
    assertThat(c.queue().commitRetry().maxRetries()).isEqualTo(3);
    assertThat(c.uplink().forwardRetry().maxDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.uplink().broker().connectTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.uplink().broker().tokenWaitMillis()).isEqualTo(25_000);
    assertThat(c.site().broker().keyStorePassword().reveal()).isEqualTo("k3y");
  }

  @Test
  void aBadValueNamesItsKey() throws Exception {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(null, Map.of("PLANTWATCH_GATEWAY_UPLINK_MAX_IN_FLIGHT", "four")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PLANTWATCH_GATEWAY_UPLINK_MAX_IN_FLIGHT")
        .hasMessageContaining("'uplink.maxInFlight'")
        .hasMessageContaining("'four' is not a whole number");
    Path f = dir.resolve("g.yaml");
    Files.writeString(
        f,
        "queue:\n  commitRetry:\n    maxRetries: lots\nsite:\n  broker:\n    connectTimeout: 0s\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessageContaining("line 3")
        .hasMessageContaining("field 'queue.commitRetry.maxRetries'");
    Files.writeString(f, "site:\n  broker:\n    connectTimeout: 0s\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessageContaining("site.broker.connectTimeout must be between 1s and 5m, not 0s");
    Files.writeString(f, "uplink:\n  forwardRetry:\n    minDelay: 10s\n    maxDelay: 1s\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessageContaining("uplink.forwardRetry: minDelay must be positive and not above");
    Files.writeString(f, "uplink: 5\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessageContaining("field 'uplink': expected a mapping");
  }

  @Test
  void theDumpMasksSecretsAndOtherwiseLoadsBack() throws Exception {
    GatewayConfig withSecrets =
        ConfigLoader.load(
            null,
            Map.of(
                "PLANTWATCH_GATEWAY_UPLINK_BROKER_PASSWORD", "s3cret",
                "PLANTWATCH_GATEWAY_SITE_BROKER_TRUST_STORE_PASSWORD", "st0re"));
    String yaml = ConfigLoader.toYaml(withSecrets);
    assertThat(yaml).doesNotContain("s3cret", "st0re").contains("******");
    assertThat(withSecrets.toString()).doesNotContain("s3cret", "st0re");

    GatewayConfig defaults = GatewayConfig.defaults();
    Path f = dir.resolve("dump.yaml");
    Files.writeString(f, ConfigLoader.toYaml(defaults));
    assertThat(ConfigLoader.load(f, Map.of())).isEqualTo(defaults);
  }

  @Test
  void theTableListsEveryKeyOnceInDeclarationOrder() {
    List<String> rows =
        ConfigReference.markdown().lines().skip(2).map(l -> l.split("`")[1]).toList();
    assertThat(rows)
        .containsExactlyElementsOf(GatewayKeys.all().stream().map(ConfigKey::path).toList());
  }
}
