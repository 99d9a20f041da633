package io.plantwatch.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority with a server certificate for 127.0.0.1/localhost and a client
 * certificate, written as PEM files (for servers) and PKCS#12 stores (for Java clients).
 */
public final class TestCertificates {
  public static final String STORE_PASSWORD = "changeit";
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Generates a CA, a server and a client certificate into {@code dir}. */
  public static TestCertificates generate(Path dir) {
    try {
      KeyPair caKeys = rsa();
      X509Certificate ca = sign(new X500Name("CN=plantwatch test CA"), caKeys, caKeys, null, true);
      KeyPair serverKeys = rsa();
      X509Certificate server = sign(new X500Name("CN=localhost"), serverKeys, caKeys, ca, false);
      KeyPair clientKeys = rsa();
      X509Certificate client =
          sign(new X500Name("CN=plantwatch-client"), clientKeys, caKeys, ca, false);

      Files.createDirectories(dir);
      writePem(dir.resolve("ca.crt"), ca);
      writePem(dir.resolve("server.crt"), server);
      writePem(dir.resolve("server.key"), serverKeys.getPrivate());
      writePem(dir.resolve("client.crt"), client);
      writePem(dir.resolve("client.key"), clientKeys.getPrivate());

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      store(trust, dir.resolve("truststore.p12"));

      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "client",
          clientKeys.getPrivate(),
          STORE_PASSWORD.toCharArray(),
          new Certificate[] {client, ca});
      store(keys, dir.resolve("client-keystore.p12"));
      return new TestCertificates(dir);
    } catch (GeneralSecurityException
        | IOException
        | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("could not generate test certificates", e);
    }
  }

  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  public Path serverCertificate() {
    return dir.resolve("server.crt");
  }

  public Path serverKey() {
    return dir.resolve("server.key");
  }

  public Path clientCertificate() {
    return dir.resolve("client.crt");
  }

  public Path clientKey() {
    return dir.resolve("client.key");
  }

  /** PKCS#12 trust store holding the CA; password {@link #STORE_PASSWORD}. */
  public Path trustStore() {
    return dir.resolve("truststore.p12");
  }

  /** PKCS#12 key store holding the client key and chain; password {@link #STORE_PASSWORD}. */
  public Path clientKeyStore() {
    return dir.resolve("client-keystore.p12");
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys, X509Certificate issuer, boolean ca)
      throws GeneralSecurityException,
          IOException,
          org.bouncycastle.operator.OperatorCreationException {
    Instant now = Instant.now();
    X500Name issuerName =
        issuer == null ? subject : new X500Name(issuer.getSubjectX500Principal().getName());
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuerName,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(30))),
            subject,
            subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
    }
    ContentSigner signer =
        new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static void writePem(Path file, Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(object);
    }
    Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
  }

  private static void store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, STORE_PASSWORD.toCharArray());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
