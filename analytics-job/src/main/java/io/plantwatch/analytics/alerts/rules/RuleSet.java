package io.plantwatch.analytics.alerts.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/** The rules of one rules file, names unique, in file order. */
public record RuleSet(List<Rule> rules) implements Serializable {
  public RuleSet {
    rules = List.copyOf(rules);
  }

  /**
   * The rules with every {@code predicted_life} limit left to the model derived from its band
   * ({@link PredictedLifeRule#withBand}): {@code halfWidthAt} maps a prediction to the band's
   * half-width around it.
   */
  public RuleSet withBand(DoubleUnaryOperator halfWidthAt) {
    return new RuleSet(
        rules.stream()
            .map(r -> r instanceof PredictedLifeRule p ? (Rule) p.withBand(halfWidthAt) : r)
            .toList());
  }

  public Optional<Rule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The rules that watch {@code metric} in window {@code window} for this machine. */
  public List<Rule> applicable(
      String site, String line, String machine, String metric, String window) {
    return rules.stream()
        .filter(r -> r.metric().equals(metric) && r.window().equals(window))
        .filter(r -> r.selector().matches(site, line, machine))
        .toList();
  }
}
