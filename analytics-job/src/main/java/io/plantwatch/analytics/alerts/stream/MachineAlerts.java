package io.plantwatch.analytics.alerts.stream;

import io.plantwatch.analytics.alerts.lifecycle.AlertState;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state Spark keeps per machine and metric: one {@link AlertState} per rule that watches the
 * metric, and the gateway the machine's readings came through (to blame an offline gateway, not the
 * machine, when data stops).
 */
public final class MachineAlerts implements Serializable {
  private static final long serialVersionUID = 1L;

  final Map<String, AlertState> byRule = new LinkedHashMap<>();
  String gateway;
}
