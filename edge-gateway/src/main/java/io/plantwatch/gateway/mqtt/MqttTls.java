package io.plantwatch.gateway.mqtt;

import io.plantwatch.gateway.config.ConfigException;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.Secret;
import io.plantwatch.telemetry.NoDelaySocketFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The socket factory for an {@code ssl://} broker from its trust store and optional key store. */
public final class MqttTls {
  private MqttTls() {}

  /**
   * The socket factory for the broker: TLS when its URI says so (Paho insists on an
   * SSLSocketFactory there), otherwise plain TCP with Nagle off.
   */
  public static SocketFactory socketFactory(String where, GatewayConfig.Broker b) {
    boolean tls = b.uri().startsWith("ssl://") || b.uri().startsWith("wss://");
    if (!tls) {
      return new NoDelaySocketFactory(SocketFactory.getDefault());
    }
    if (isEmpty(b.trustStore()) && isEmpty(b.keyStore())) {
      return javax.net.ssl.SSLSocketFactory.getDefault();
    }
    try {
      TrustManagerFactory tmf = null;
      if (!isEmpty(b.trustStore())) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(b.trustStore(), b.trustStorePassword()));
      }
      KeyManagerFactory kmf = null;
      if (!isEmpty(b.keyStore())) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(b.keyStore(), b.keyStorePassword()), chars(b.keyStorePassword()));
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx.getSocketFactory();
    } catch (Exception e) {
      throw new ConfigException(where + ": cannot set up TLS: " + e.getMessage());
    }
  }

  private static KeyStore load(String path, Secret password) throws Exception {
    String type = path.endsWith(".jks") ? "JKS" : "PKCS12";
    KeyStore ks = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      ks.load(in, chars(password));
    }
    return ks;
  }

  private static char[] chars(Secret s) {
    return s.reveal().toCharArray();
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
