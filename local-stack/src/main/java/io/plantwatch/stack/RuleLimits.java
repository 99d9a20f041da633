package io.plantwatch.stack;

import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.ThresholdRule;
import io.plantwatch.view.fleet.MachineId;
import io.plantwatch.view.fleet.RuleThresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's threshold rules as lines on the live view's charts: the run holds its rule set, so
 * every machine's charts show the limits that watch them, before any rule left OK.
 */
final class RuleLimits implements RuleThresholds {
  private final RuleSet rules;

  RuleLimits(RuleSet rules) {
    this.rules = rules;
  }

  @Override
  public List<Threshold> on(MachineId machine, String metric) {
    List<Threshold> out = new ArrayList<>();
    for (var rule : rules.rules()) {
      if (rule instanceof ThresholdRule t
          && t.metric().equals(metric)
          && t.selector().matches(machine.site(), machine.line(), machine.machine())) {
        out.add(
            new Threshold(
                t.name(),
                t.severity().name().toLowerCase(java.util.Locale.ROOT),
                t.statistic().name(),
                t.threshold()));
      }
    }
    return out;
  }
}
