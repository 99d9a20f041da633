package io.plantwatch.testsupport;

import java.nio.file.Path;

/**
 * A server that runs as a child process with its data in a temporary directory: stopped with
 * SIGTERM, killed with SIGKILL, its directory removed after the last stop. The fixtures of this
 * package set {@link #dir} and {@link #server} at their first start.
 */
public abstract class ProcessServer extends ServerExtension {
  Path dir;
  NativeServer server;

  @Override
  protected void doStop() throws Exception {
    server.stop();
  }

  /** {@code kill -9}: the process writes nothing more, as on a power cut. */
  public synchronized void kill() throws Exception {
    if (isRunning()) {
      server.kill();
      stop();
    }
  }

  @Override
  protected void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  /** The process id while it runs, else -1. */
  public long pid() {
    return server == null ? -1 : server.pid();
  }

  /** The last lines of the process's log, for assertion messages. */
  public String logTail() {
    return server == null ? "" : server.tail();
  }
}
