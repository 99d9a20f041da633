package io.plantwatch.telemetry;

/**
 * One canonical sensor reading as it leaves the edge gateway (contract 2 of the design).
 *
 * @param id {@code {gatewayId}-{seq}}, unique per gateway and stable across restarts
 * @param unit the canonical unit symbol (see {@link CanonicalUnits}), or the unit as sent for
 *     quantities without a canonical unit, or empty when none is known
 * @param ts event time, epoch milliseconds
 * @param receivedAt when the gateway received the message, epoch milliseconds
 */
public record Reading(
    String id,
    String site,
    String line,
    String machine,
    String metric,
    String unit,
    double value,
    long ts,
    String gateway,
    long receivedAt) {

  public Reading {
    Identifiers.require("id", id);
    Identifiers.require("site", site);
    Identifiers.require("line", line);
    Identifiers.require("machine", machine);
    Identifiers.require("metric", metric);
    Identifiers.require("gateway", gateway);
    if (unit == null) {
      throw new IllegalArgumentException("unit is null (use \"\" when unknown)");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value is not finite: " + value);
    }
  }

  /** The reading id a gateway assigns to its {@code seq}-th accepted reading. */
  public static String idOf(String gatewayId, long seq) {
    return gatewayId + "-" + seq;
  }
}
