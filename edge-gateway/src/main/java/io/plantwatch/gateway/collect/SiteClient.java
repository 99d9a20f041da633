package io.plantwatch.gateway.collect;

/** The connection to the site broker: subscribes, and hands every message to the intake. */
public interface SiteClient extends AutoCloseable {
  void start();

  boolean isConnected();

  /** Why the connection is down, or null. */
  String lastError();

  @Override
  void close() throws Exception;
}
