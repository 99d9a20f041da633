package io.plantwatch.ingest.mqtt;

/**
 * One MQTT message as handed from the client's callback thread to {@code poll()}.
 *
 * @param messageId the MQTT packet id, meaningful only on {@code connection}
 * @param duplicate the DUP flag: the broker may have sent this message before
 * @param connection the connection it came in on: its acknowledgement must go back on the same one,
 *     since packet ids are reused on a new connection
 * @param responseTopic the MQTT 5 response topic: where the sender wants its receipt once Kafka has
 *     every record of the message (contract 3b); null when none was asked for
 * @param correlationData the MQTT 5 correlation data, returned unchanged in the receipt; opaque
 */
public record Arrival(
    String topic,
    byte[] payload,
    int messageId,
    int qos,
    boolean duplicate,
    long receivedAt,
    Acknowledger connection,
    String responseTopic,
    byte[] correlationData) {

  /** Sends the acknowledgement of an arrival to the broker it came from. */
  public interface Acknowledger {
    /** Returns false when the connection is gone: the broker will deliver the message again. */
    boolean acknowledge(Arrival arrival);

    /**
     * Publishes the receipt the arrival asked for; false when it cannot be sent (the sender then
     * sends the message again after its timeout).
     */
    default boolean sendReceipt(Arrival arrival) {
      return false;
    }
  }
}
