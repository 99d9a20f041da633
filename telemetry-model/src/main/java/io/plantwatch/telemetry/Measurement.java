package io.plantwatch.telemetry;

/**
 * One metric value decoded from a device payload, before the gateway gives it an id and machine.
 *
 * @param unit the canonical unit after conversion (see {@link CanonicalUnits})
 */
public record Measurement(String metric, double value, String unit, long ts) {}
