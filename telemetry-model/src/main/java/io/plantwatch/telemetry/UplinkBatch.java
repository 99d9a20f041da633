package io.plantwatch.telemetry;

import java.util.List;

/**
 * The versioned envelope a gateway publishes to {@code plantwatch/uplink/{gatewayId}/readings}.
 *
 * @param batch the gateway's batch sequence number, for tracing and duplicate analysis
 */
public record UplinkBatch(int v, String gateway, long batch, List<Reading> readings) {
  public static final int CURRENT_VERSION = 1;

  public UplinkBatch {
    Identifiers.require("gateway", gateway);
    readings = List.copyOf(readings);
  }

  public static UplinkBatch of(String gateway, long batch, List<Reading> readings) {
    return new UplinkBatch(CURRENT_VERSION, gateway, batch, readings);
  }
}
