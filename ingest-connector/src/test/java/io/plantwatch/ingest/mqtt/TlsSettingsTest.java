package io.plantwatch.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.ingest.MqttSourceConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * TlsSettings names the settings to fix in its own words (this package does not read the
 * connector's configuration class): they must stay the connector's keys.
 */
class TlsSettingsTest {

  @Test
  void anUnreadableTrustStoreFailsNamingTheConnectorsSetting() {
    TlsSettings tls =
        new TlsSettings("/nonexistent/trust.p12", null, "PKCS12", "", null, "PKCS12", true);
    assertThatThrownBy(tls::socketFactory)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MqttSourceConfig.TRUSTSTORE_PATH_CONFIG)
        .hasMessageContaining("/nonexistent/trust.p12");
  }

  @Test
  void anUnreadableKeyStoreFailsNamingTheConnectorsSetting() {
    TlsSettings tls =
        new TlsSettings("", null, "PKCS12", "/nonexistent/client.p12", null, "PKCS12", true);
    assertThatThrownBy(tls::socketFactory)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MqttSourceConfig.KEYSTORE_PATH_CONFIG)
        .hasMessageContaining("/nonexistent/client.p12");
  }
}
