package io.plantwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}) on a free loopback port, with
 * persistence in a temporary directory so persistent sessions survive {@link #stop()} and {@link
 * #start()}. {@link #withTlsAndPassword()} gives a TLS listener that requires a user name and
 * password; the certificates are generated for the test.
 */
public final class MosquittoBroker extends ProcessServer {
  public static final String USER = "plantwatch";
  public static final String PASSWORD = "s3cret-for-tests";

  private final boolean secure;
  private int port;
  private TestCertificates certificates;

  private MosquittoBroker(boolean secure) {
    this.secure = secure;
  }

  /** Anonymous, plain TCP. */
  public MosquittoBroker() {
    this(false);
  }

  /** TLS with a generated CA, and user {@link #USER} with password {@link #PASSWORD}. */
  public static MosquittoBroker withTlsAndPassword() {
    return new MosquittoBroker(true);
  }

  @Override
  protected void doStart() throws Exception {
    if (server == null) {
      dir = TempDirs.create("mosquitto");
      port = FreePorts.next();
      server = new NativeServer("mosquitto", "mosquitto", dir.resolve("mosquitto.log"));
      Files.writeString(dir.resolve("mosquitto.conf"), config());
    }
    server.start(
        List.of("-c", dir.resolve("mosquitto.conf").toString()),
        () -> FreePorts.isListening(port),
        Duration.ofSeconds(20));
  }

  private String config() throws IOException, InterruptedException {
    StringBuilder c = new StringBuilder();
    c.append("per_listener_settings false\n");
    c.append("user ").append(System.getProperty("user.name")).append('\n');
    c.append("persistence true\n");
    c.append("persistence_location ").append(dir).append("/\n");
    c.append("autosave_interval 60\n");
    c.append("log_dest stdout\n");
    c.append("log_type error\nlog_type warning\nlog_type notice\n");
    c.append("connection_messages true\n");
    // Offline persistent sessions must keep everything a test publishes during an outage.
    c.append("max_queued_messages 0\n");
    c.append("max_queued_bytes 0\n");
    // Small QoS 1 messages stall on Nagle and delayed ACKs otherwise.
    c.append("set_tcp_nodelay true\n");
    c.append("listener ").append(port).append(" 127.0.0.1\n");
    // No topic aliases: Paho 1.2.5 resends an in-flight alias-only PUBLISH after a reconnect,
    // aliases live one connection, and Mosquitto drops the client for the protocol error, again at
    // every reconnect (a test client that keeps one Paho client across a broker restart never
    // recovers; plantwatch's own clients open a new one per connection).
    c.append("max_topic_alias 0\n");
    if (secure) {
      certificates = TestCertificates.generate(dir.resolve("tls"));
      c.append("cafile ").append(certificates.caCertificate()).append('\n');
      c.append("certfile ").append(certificates.serverCertificate()).append('\n');
      c.append("keyfile ").append(certificates.serverKey()).append('\n');
      c.append("require_certificate false\n");
      c.append("allow_anonymous false\n");
      Path passwords = dir.resolve("passwords");
      Process p =
          new ProcessBuilder(
                  NativeServer.locate("mosquitto_passwd", "mosquitto").toString(),
                  "-b",
                  "-c",
                  passwords.toString(),
                  USER,
                  PASSWORD)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException("mosquitto_passwd failed: " + out);
      }
      c.append("password_file ").append(passwords).append('\n');
    } else {
      c.append("allow_anonymous true\n");
    }
    return c.toString();
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:port}, or {@code ssl://…} for the TLS variant. */
  public String uri() {
    return (secure ? "ssl" : "tcp") + "://127.0.0.1:" + port;
  }

  /** The generated certificates; only for {@link #withTlsAndPassword()}. */
  public TestCertificates certificates() {
    if (certificates == null) {
      throw new IllegalStateException("this broker has no TLS listener");
    }
    return certificates;
  }
}
