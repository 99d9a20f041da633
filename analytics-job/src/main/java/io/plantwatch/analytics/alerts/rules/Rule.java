package io.plantwatch.analytics.alerts.rules;

import java.util.List;

/**
 * One alert rule: what it watches (a metric's statistics in one window spec), when it breaches, and
 * how many consecutive breaching windows make it fire. Rule kinds are a closed set so that the
 * lifecycle, the rules file and the evaluation handle each of them explicitly; a new kind (such as
 * a predicted-life rule on the health model's output) is added to {@code permits}.
 *
 * <p>Pure Java: the same objects run inside the streaming job and in {@code evaluate alerts}.
 */
public sealed interface Rule extends java.io.Serializable
    permits ThresholdRule, TrendRule, PredictedLifeRule {
  /** Unique within a rule set; part of the alert key and the idempotency key. */
  String name();

  /** The metric whose window statistics the rule reads. */
  String metric();

  /** The window spec label ({@code 10m/1m}) whose statistics the rule reads. */
  String window();

  /** Which statistic of each window the rule reads. */
  Statistic statistic();

  Severity severity();

  Selector selector();

  /** Consecutive breaching windows before PENDING becomes FIRING; 1 fires at once. */
  int forWindows();

  /** Free text for the mail: why the rule exists and where its values come from. */
  String description();

  /**
   * Whether a breach seen in a window that is still filling stands whatever readings the window
   * gets later, so that the rule may fire before the window is final. False unless a rule kind
   * knows better.
   */
  default boolean breachStandsEarly() {
    return false;
  }

  /** How many most recent observations {@link #check} needs; older ones can be forgotten. */
  int historySize();

  /**
   * Judges the newest observation in the light of the ones before it.
   *
   * @param history observations of {@link #metric()} in {@link #window()}, oldest first, the newest
   *     last, at most {@link #historySize()} of them
   */
  Verdict check(List<Observation> history);
}
