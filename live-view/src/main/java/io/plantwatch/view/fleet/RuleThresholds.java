package io.plantwatch.view.fleet;

import java.util.List;

/**
 * The thresholds of the rules that watch a machine's metric, drawn on its charts. Kafka carries a
 * rule's threshold only in its transitions, so a rule that never left OK on a machine is known only
 * where the rules themselves are (the local run passes them in).
 */
@FunctionalInterface
public interface RuleThresholds {
  RuleThresholds NONE = (machine, metric) -> List.of();

  List<Threshold> on(MachineId machine, String metric);

  /** A rule's limit on a metric's statistic. */
  record Threshold(String rule, String severity, String statistic, double value) {}
}
