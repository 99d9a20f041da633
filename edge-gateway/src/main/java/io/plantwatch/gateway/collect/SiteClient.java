package io.plantwatch.gateway.collect;

/** The connection to the site broker: subscribes, and hands every message to the intake. */
public interface SiteClient extends AutoCloseable {
  void start();

  boolean isConnected();

  /** Why the connection is down, or null. */
  String lastError();

  @Override
  void close() throws Exception;

  /**
   * Drops the connection as a killed process would: no DISCONNECT packet, nothing acknowledged any
   * more; the broker keeps the session and redelivers what was not acknowledged.
   */
  void abort() throws Exception;
}
