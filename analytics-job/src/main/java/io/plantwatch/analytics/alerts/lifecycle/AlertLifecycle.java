package io.plantwatch.analytics.alerts.lifecycle;

import io.plantwatch.analytics.alerts.rules.Observation;
import io.plantwatch.analytics.alerts.rules.PredictedLifeRule;
import io.plantwatch.analytics.alerts.rules.Rule;
import io.plantwatch.analytics.alerts.rules.ThresholdRule;
import io.plantwatch.analytics.alerts.rules.TrendRule;
import io.plantwatch.analytics.alerts.rules.Verdict;
import io.plantwatch.analytics.alerts.rules.Verdict.Signal;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The alert lifecycle of one machine and one rule: OK → PENDING → FIRING → RESOLVED (→ OK), with
 * STALE when data stops and flapping detection. Pure: given the same state and observations it
 * returns the same events, which is what lets the streaming job replay a micro-batch and the
 * evaluation replay a trajectory with the same outcome.
 */
public final class AlertLifecycle implements Serializable {
  /** Values shown in a mail's history table. */
  static final int MAIL_HISTORY = 8;

  /** Starts the message of an alert fired before its window was final. */
  static final String STILL_FILLING = "window still filling; ";

  private final FlappingPolicy flapping;
  private final Duration staleAfter;

  public AlertLifecycle(FlappingPolicy flapping, Duration staleAfter) {
    this.flapping = flapping;
    this.staleAfter = staleAfter;
  }

  /** How long without a window before a PENDING or FIRING alert turns STALE. */
  public Duration staleAfter() {
    return staleAfter;
  }

  /**
   * Judges one window. A window at or before the last one judged is ignored: windows are judged
   * once, in event-time order, so a replayed or re-emitted window changes nothing.
   */
  public List<AlertEvent> observe(MachineKey key, Rule rule, AlertState s, Observation o) {
    return observe(key, rule, s, o, "");
  }

  /**
   * Judges a window that is still filling ({@code o} holds its readings so far), for rules whose
   * breach stands whatever the window gets later ({@link Rule#breachStandsEarly}). It changes the
   * state only when the window breaches and that breach completes the rule's {@code for:} count:
   * from OK or RESOLVED with {@code for: 1}, or from PENDING when the window is the one right after
   * the last one judged. The alert then fires now, for that window, with the value so far; the
   * final windows up to it are ignored when they come, as windows judged already are, so the alert
   * still fires once. Anything else leaves the state as it was, for the final windows to judge.
   */
  public List<AlertEvent> observeEarly(
      MachineKey key, Rule rule, AlertState s, Observation o, long slideMs) {
    if (!rule.breachStandsEarly() || o.windowEnd() <= s.lastWindowEnd) {
      return List.of();
    }
    boolean completes =
        switch (s.phase) {
          case OK, RESOLVED -> rule.forWindows() == 1;
          case PENDING ->
              s.breaches + 1 >= rule.forWindows() && o.windowEnd() == s.lastWindowEnd + slideMs;
          default -> false;
        };
    if (!completes || rule.check(List.of(o)).signal() != Signal.BREACH) {
      return List.of();
    }
    return observe(key, rule, s, o, STILL_FILLING);
  }

  private List<AlertEvent> observe(
      MachineKey key, Rule rule, AlertState s, Observation o, String prefix) {
    if (o.windowEnd() <= s.lastWindowEnd) {
      return List.of();
    }
    s.lastWindowEnd = o.windowEnd();
    s.history.add(o);
    int keep = Math.max(rule.historySize(), MAIL_HISTORY);
    while (s.history.size() > keep) {
      s.history.remove(0);
    }
    List<Observation> recent =
        s.history.subList(Math.max(0, s.history.size() - rule.historySize()), s.history.size());
    Verdict v = rule.check(recent);
    List<AlertEvent> events = new ArrayList<>();
    long at = o.windowEnd();
    if (s.phase == AlertPhase.STALE) {
      s.phase = s.beforeStale;
      if (s.phase == AlertPhase.FIRING && v.signal() != Signal.CLEAR) {
        events.add(event(key, rule, s, AlertPhase.FIRING, AlertPhase.STALE, at, v, "data again; "));
      }
    }
    AlertPhase before = s.phase;
    switch (s.phase) {
      case OK, RESOLVED -> {
        if (v.signal() == Signal.BREACH) {
          s.breaches = 1;
          s.phase = s.breaches >= rule.forWindows() ? AlertPhase.FIRING : AlertPhase.PENDING;
        }
      }
      case PENDING -> {
        if (v.signal() == Signal.BREACH) {
          s.breaches++;
          if (s.breaches >= rule.forWindows()) {
            s.phase = AlertPhase.FIRING;
          }
        } else if (v.signal() != Signal.UNKNOWN) {
          s.phase = AlertPhase.OK;
          s.breaches = 0;
        }
      }
      case FIRING -> {
        if (v.signal() == Signal.CLEAR) {
          s.phase = AlertPhase.OK;
          s.breaches = 0;
        }
      }
      default -> throw new IllegalStateException("unexpected phase " + s.phase);
    }
    boolean resolved = before == AlertPhase.FIRING && s.phase == AlertPhase.OK;
    boolean fired = before != AlertPhase.FIRING && s.phase == AlertPhase.FIRING;
    pruneTransitions(s, at);
    if (fired || resolved) {
      s.transitions.add(at);
      if (!s.flapping && s.transitions.size() > flapping.maxTransitions()) {
        s.flapping = true;
        s.transitionsWhileFlapping = 0;
      } else if (s.flapping) {
        s.transitionsWhileFlapping++;
      }
    }
    if (s.phase != before || resolved) {
      AlertPhase emitted = resolved ? AlertPhase.RESOLVED : s.phase;
      events.add(event(key, rule, s, emitted, before, at, v, prefix));
      if (s.flapping && s.transitionsWhileFlapping == 0 && (fired || resolved)) {
        events.add(
            event(
                key,
                rule,
                s,
                AlertPhase.FLAPPING,
                emitted,
                at,
                v,
                "flapping: "
                    + s.transitions.size()
                    + " transitions within "
                    + flapping.period().toMinutes()
                    + " min; further transitions are not mailed until it settles; "));
      }
    } else if (s.flapping && s.transitions.isEmpty()) {
      s.flapping = false;
      events.add(
          event(
              key,
              rule,
              s,
              AlertPhase.FLAPPING_ENDED,
              s.phase,
              at,
              v,
              "stopped flapping after "
                  + s.transitionsWhileFlapping
                  + " unmailed transitions; now "
                  + s.phase.label()
                  + "; "));
    }
    return events;
  }

  /**
   * Called when no window arrived for a while (the streaming job's processing-time timeout). A
   * PENDING or FIRING alert whose newest window is older than {@code staleAfter} becomes STALE
   * instead of staying FIRING forever.
   *
   * @param offlineGateway the machine's gateway when its status says offline, else null: the alert
   *     then blames the gateway, not the machine
   */
  public List<AlertEvent> timeout(
      MachineKey key, Rule rule, AlertState s, long now, String offlineGateway) {
    if ((s.phase != AlertPhase.PENDING && s.phase != AlertPhase.FIRING)
        || now - s.lastWindowEnd < staleAfter.toMillis()) {
      return List.of();
    }
    s.beforeStale = s.phase;
    s.phase = AlertPhase.STALE;
    String why = offlineGateway != null ? gatewayOffline(offlineGateway) : machineSilent(rule);
    String message =
        why
            + " since "
            + Instant.ofEpochMilli(s.lastWindowEnd)
            + "; last state "
            + s.beforeStale.label();
    Verdict last = Verdict.unknown();
    return List.of(
        new AlertEvent(
            key,
            rule.name(),
            rule.severity().label(),
            rule.metric(),
            AlertPhase.STALE,
            s.beforeStale,
            now,
            last.value(),
            last.threshold(),
            null,
            message,
            s.flapping,
            history(rule, s)));
  }

  static String machineSilent(Rule rule) {
    return "the machine sent no " + rule.metric() + " data";
  }

  static String gatewayOffline(String gateway) {
    return "gateway " + gateway + " is offline: no data reaches us from this machine";
  }

  /**
   * The STALE event {@code e} told as its gateway's outage rather than the machine's silence: what
   * the streaming job publishes when the gateway's status says offline.
   */
  public static AlertEvent blameGateway(AlertEvent e, String gateway) {
    String silent = "the machine sent no " + e.metric() + " data";
    if (e.state() != AlertPhase.STALE || !e.message().startsWith(silent)) {
      return e;
    }
    return new AlertEvent(
        e.key(),
        e.rule(),
        e.severity(),
        e.metric(),
        e.state(),
        e.previous(),
        e.at(),
        e.value(),
        e.threshold(),
        e.forecastMinutes(),
        gatewayOffline(gateway) + e.message().substring(silent.length()),
        e.flapping(),
        e.history());
  }

  /** When the next timeout check for this state is due, or -1 when none is needed. */
  public long timeoutDue(AlertState s) {
    return s.phase == AlertPhase.PENDING || s.phase == AlertPhase.FIRING
        ? s.lastWindowEnd + staleAfter.toMillis()
        : -1;
  }

  private void pruneTransitions(AlertState s, long at) {
    long from = at - flapping.period().toMillis();
    s.transitions.removeIf(t -> t <= from);
  }

  private static AlertEvent event(
      MachineKey key,
      Rule rule,
      AlertState s,
      AlertPhase state,
      AlertPhase previous,
      long at,
      Verdict v,
      String prefix) {
    return new AlertEvent(
        key,
        rule.name(),
        rule.severity().label(),
        rule.metric(),
        state,
        previous,
        at,
        v.value(),
        v.threshold(),
        v.forecastMinutes(),
        prefix + describe(rule, v),
        s.flapping,
        history(rule, s));
  }

  private static List<AlertEvent.Point> history(Rule rule, AlertState s) {
    List<AlertEvent.Point> points = new ArrayList<>();
    List<Observation> h = s.history;
    for (Observation o : h.subList(Math.max(0, h.size() - MAIL_HISTORY), h.size())) {
      points.add(new AlertEvent.Point(o.windowEnd(), rule.statistic().of(o)));
    }
    return points;
  }

  /** One sentence a maintenance planner reads in the mail subject line and the Kafka event. */
  static String describe(Rule rule, Verdict v) {
    if (v.signal() == Signal.UNKNOWN) {
      return rule.metric() + ": not enough data";
    }
    String stat = rule.statistic().label();
    if (rule instanceof ThresholdRule t) {
      return String.format(
          Locale.ROOT,
          "%s %s %s %s %s (clear at %s, %d window%s)",
          rule.metric(),
          stat,
          num(v.value()),
          v.signal() == Signal.BREACH ? t.operator().symbol() : "vs",
          num(t.threshold()),
          num(t.clear()),
          t.forWindows(),
          t.forWindows() == 1 ? "" : "s");
    }
    if (rule instanceof PredictedLifeRule p) {
      String hours =
          p.hoursPerCycle() > 0
              ? String.format(Locale.ROOT, " (about %.0f h)", v.value() * p.hoursPerCycle())
              : "";
      return String.format(
          Locale.ROOT,
          "predicted remaining life (%s) %s cycles%s %s %s cycles",
          p.field(),
          num(Math.round(v.value() * 10) / 10.0),
          hours,
          v.signal() == Signal.BREACH ? "<" : "vs",
          num(p.below()));
    }
    TrendRule t = (TrendRule) rule;
    String when =
        v.forecastMinutes() == null
            ? "not heading for"
            : String.format(Locale.ROOT, "%.0f min to", v.forecastMinutes());
    return String.format(
        Locale.ROOT,
        "%s %s trend at %s: %s limit %s (horizon %d min, %d windows fitted)",
        rule.metric(),
        stat,
        num(v.value()),
        when,
        num(t.limit()),
        t.horizon().toMinutes(),
        t.points());
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.6g", d).replaceFirst("\\.?0+(e|$)", "$1");
  }
}
