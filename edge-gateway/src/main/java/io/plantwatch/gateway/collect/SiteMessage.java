package io.plantwatch.gateway.collect;

/**
 * One MQTT message from the site broker. {@link #ack} sends its PUBACK; it is called only after the
 * message's readings are durably queued.
 */
public record SiteMessage(String topic, byte[] payload, long receivedAt, Runnable ack) {}
