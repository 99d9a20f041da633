package io.plantwatch.ingest;

/**
 * One MQTT message as handed from the client's callback thread to {@code poll()}.
 *
 * @param messageId the MQTT packet id, meaningful only on {@code connection}
 * @param duplicate the DUP flag: the broker may have sent this message before
 * @param connection the connection it came in on: its acknowledgement must go back on the same one,
 *     since packet ids are reused on a new connection
 */
record Arrival(
    String topic,
    byte[] payload,
    int messageId,
    int qos,
    boolean duplicate,
    long receivedAt,
    Acknowledger connection) {

  /** Sends the acknowledgement of an arrival to the broker it came from. */
  interface Acknowledger {
    /** Returns false when the connection is gone: the broker will deliver the message again. */
    boolean acknowledge(Arrival arrival);
  }
}
