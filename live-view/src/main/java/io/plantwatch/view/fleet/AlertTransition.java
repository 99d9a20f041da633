package io.plantwatch.view.fleet;

/**
 * One transition of one alert, as the job published it on {@code maintenance.alerts}. {@code value}
 * and {@code threshold} are null when the job wrote none (a stale machine has no value).
 */
public record AlertTransition(
    String id,
    long at,
    MachineId machine,
    String gateway,
    String rule,
    String severity,
    String metric,
    String state,
    String previous,
    Double value,
    Double threshold,
    String message,
    boolean mailed) {

  public AlertLevel level() {
    return AlertLevel.ofPhase(state);
  }
}
