package io.plantwatch.bench;

import io.plantwatch.stack.ChildServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker process ({@code /usr/sbin/mosquitto}, Debian package {@code mosquitto}) on a
 * free loopback port, configured as test-support's {@code MosquittoBroker} configures it for the
 * end-to-end tests (TCP_NODELAY, unbounded queues for offline sessions), without persistence to
 * disk: sessions live as long as the process.
 */
public final class MosquittoProcess implements AutoCloseable {
  private final ChildServer process;
  private final int port;
  private final Path log;

  private MosquittoProcess(ChildServer process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a broker with its configuration and log under {@code dir}. */
  public static MosquittoProcess start(Path dir) throws IOException, InterruptedException {
    return start(dir, java.util.List.of());
  }

  /** The same, with {@code extraConf} lines appended to the configuration. */
  public static MosquittoProcess start(Path dir, java.util.List<String> extraConf)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String conf =
        String.join(
            "\n",
            "per_listener_settings false",
            // Mosquitto started as root would switch to the user "mosquitto" otherwise.
            "user " + System.getProperty("user.name"),
            "persistence false",
            "log_dest stdout",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "max_queued_messages 0",
            "max_queued_bytes 0",
            "set_tcp_nodelay true",
            "allow_anonymous true",
            "listener " + port + " 127.0.0.1",
            "");
    for (String line : extraConf) {
      conf += line.strip() + "\n";
    }
    Path confFile = dir.resolve("mosquitto.conf");
    Files.writeString(confFile, conf);
    Path log = dir.resolve("mosquitto.log");
    ProcessBuilder pb = new ProcessBuilder(binary(), "-c", confFile.toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    ChildServer p = ChildServer.start(pb);
    MosquittoProcess broker = new MosquittoProcess(p, port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!listening(port)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.stop(0);
        throw new IOException(
            "mosquitto did not start on port " + port + ": " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return broker;
  }

  private static String binary() {
    for (String c : new String[] {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"}) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return "mosquitto";
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    process.stop(10);
  }
}
