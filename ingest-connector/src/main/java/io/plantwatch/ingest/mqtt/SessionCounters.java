package io.plantwatch.ingest.mqtt;

/**
 * The task counters the MQTT session reports to. Declared here, and implemented by the task's
 * metrics, so that the session does not depend on the package that publishes them. Called from
 * Paho's callback thread and from {@code poll()}: implementations must be thread-safe and cheap.
 */
public interface SessionCounters {
  /** A message arrived; {@code duplicate} is its DUP flag. */
  void received(boolean duplicate);

  /** The session is subscribed; {@code reconnect} when it had been before. */
  void connected(boolean reconnect);

  void disconnected();
}
