package io.plantwatch.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for integration tests. Register it as a {@code static} field with
 * {@code @RegisterExtension}: it starts before the class's tests and stops after them. It can also
 * be used by hand ({@link #start()}, {@link #close()}), and stopped and started again in the middle
 * of a test to simulate an outage; it keeps its port and its data across such a restart.
 */
public abstract class ServerExtension
    implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private boolean running;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Starts the server; returns when it answers on its port. */
  public final synchronized void start() throws Exception {
    if (!running) {
      doStart();
      running = true;
    }
  }

  /** Stops the server gracefully, keeping its port and data so {@link #start()} can resume. */
  public final synchronized void stop() throws Exception {
    if (running) {
      running = false;
      doStop();
    }
  }

  public final synchronized boolean isRunning() {
    return running;
  }

  @Override
  public void close() throws Exception {
    stop();
    cleanUp();
  }

  protected abstract void doStart() throws Exception;

  protected abstract void doStop() throws Exception;

  /** Removes what the server left behind; called once, after the last stop. */
  protected void cleanUp() throws Exception {}
}
