package io.plantwatch.ingest.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Trust and key stores for ssl:// and wss:// brokers. Passwords stay {@link Password}s, whose
 * {@code toString()} is "[hidden]", so this record can be logged.
 */
public record TlsSettings(
    String trustStorePath,
    Password trustStorePassword,
    String trustStoreType,
    String keyStorePath,
    Password keyStorePassword,
    String keyStoreType,
    boolean hostnameVerification) {

  // The connector's keys for the two paths, named in the error an unreadable store causes. Spelt
  // out here, as MqttErrorClassifier spells out the settings it names, so that this package does
  // not depend on the connector's configuration class; TlsSettingsTest checks they match it.
  static final String TRUST_STORE_PATH_SETTING = "mqtt.tls.truststore.path";
  static final String KEY_STORE_PATH_SETTING = "mqtt.tls.keystore.path";

  /** True when neither store is configured: Paho then uses the JVM's defaults. */
  boolean usesJvmDefaults() {
    return trustStorePath.isEmpty() && keyStorePath.isEmpty();
  }

  /** A socket factory from the configured stores; fails naming the setting that is wrong. */
  SSLSocketFactory socketFactory() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(
          trustStorePath.isEmpty()
              ? null
              : load(TRUST_STORE_PATH_SETTING, trustStorePath, trustStoreType, trustStorePassword));
      KeyManagerFactory kmf = null;
      if (!keyStorePath.isEmpty()) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(
            load(KEY_STORE_PATH_SETTING, keyStorePath, keyStoreType, keyStorePassword),
            chars(keyStorePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new ConfigException("TLS settings are unusable: " + e.getMessage());
    }
  }

  private static KeyStore load(String setting, String path, String type, Password password) {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, chars(password));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(setting, path, "cannot read the " + type + " store: " + e);
    }
  }

  private static char[] chars(Password password) {
    return password == null ? null : password.value().toCharArray();
  }
}
