package io.plantwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on the loopback interface, and waiting for a server to listen on one. */
public final class FreePorts {
  // Ports below the kernel's ephemeral range: a port from that range (what binding to port 0
  // gives) is also what every client socket of every process takes for its own end, so between
  // choosing it and a server binding it, a connection elsewhere could take it ("address already
  // in use", seen once as influxd failed to start right after the cluster test's shutdown).
  private static final int LOWEST = 10_000;
  private static final int[] RANGE = chooseRange();
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FreePorts() {}

  /** A loopback port nothing listens on, not given before by this JVM. */
  public static synchronized int next() {
    if (RANGE == null) {
      return ephemeral();
    }
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = RANGE[0] + ThreadLocalRandom.current().nextInt(RANGE[1] - RANGE[0]);
      if (GIVEN.contains(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        GIVEN.add(port);
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    return ephemeral();
  }

  private static int ephemeral() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      GIVEN.add(s.getLocalPort());
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /**
   * [from, to) outside the ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768
   * to 60999 by default), or null when neither side has a thousand ports.
   */
  private static int[] chooseRange() {
    int low = 32_768;
    int high = 60_999;
    try {
      String[] r =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      low = Integer.parseInt(r[0]);
      high = Integer.parseInt(r[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux: assume the default
    }
    if (low - LOWEST >= 1_000) {
      return new int[] {LOWEST, low};
    }
    if (65_535 - high >= 1_000) {
      return new int[] {high + 1, 65_536};
    }
    return null;
  }

  public static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until something accepts connections on {@code port}, or throws after {@code timeout}. */
  public static void awaitListening(int port, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isListening(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            what + " did not listen on port " + port + " within " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
