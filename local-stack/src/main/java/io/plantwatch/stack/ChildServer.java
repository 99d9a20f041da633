package io.plantwatch.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A native server (influxd, Mosquitto) that this JVM starts and must stop in its own order.
 *
 * <p>Started in a session of its own ({@code setsid}): a terminal's Ctrl-C signals the whole
 * foreground process group, and a server in that group would die at once, before the JVM's ordered
 * stop has written the last windows to it. And watched: if this JVM dies without stopping it
 * ({@code kill -9}, a crash), a small shell watcher ends the server within a second instead of
 * leaving it running with the run's folder locked.
 */
public final class ChildServer implements AutoCloseable {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Process process;
  private final Process watcher;

  private ChildServer(Process process, Process watcher) {
    this.process = process;
    this.watcher = watcher;
  }

  /**
   * Starts {@code builder}'s command in its own session, with the builder's redirections, and a
   * watcher that ends it if this JVM goes away first.
   */
  public static ChildServer start(ProcessBuilder builder) throws IOException {
    boolean ownSession = Files.isExecutable(SETSID);
    if (ownSession) {
      // A child of the JVM is never a process group leader, so setsid execs the command in place:
      // the Process is the server itself, and destroy() signals the server.
      List<String> command = new ArrayList<>();
      command.add(SETSID.toString());
      command.addAll(builder.command());
      builder.command(command);
    }
    Process process = builder.start();
    Process watcher;
    try {
      watcher = watch(process.pid(), ownSession);
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
    return new ChildServer(process, watcher);
  }

  private static Process watch(long server, boolean ownSession) throws IOException {
    long jvm = ProcessHandle.current().pid();
    // Ends when either is gone; signals the server only when the JVM went first. In a session of
    // its own too, so that Ctrl-C leaves it to do that.
    String script =
        "while kill -0 "
            + jvm
            + " 2>/dev/null && kill -0 "
            + server
            + " 2>/dev/null; do sleep 1; done; kill -0 "
            + jvm
            + " 2>/dev/null || kill -TERM "
            + server
            + " 2>/dev/null";
    List<String> command = new ArrayList<>();
    if (ownSession) {
      command.add(SETSID.toString());
    }
    command.addAll(List.of("/bin/sh", "-c", script));
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The exit status; only once the server has exited. */
  public int exitValue() {
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then up to {@code graceSeconds} for the server to exit; then SIGKILL. */
  public void stop(long graceSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    // The watcher sees the server gone within a second and exits without signalling anyone.
    watcher.waitFor(3, TimeUnit.SECONDS);
    watcher.destroy();
  }

  @Override
  public void close() throws InterruptedException {
    stop(15);
  }
}
