package io.plantwatch.gateway.queue;

/** One stored entry: its position, when the gateway received it, and its encoded bytes. */
public record QueuedEntry(long seq, long receivedAt, byte[] payload) {}
