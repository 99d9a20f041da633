package io.plantwatch.view.fleet;

/**
 * What an operator needs to know of a rule on a machine, worst last: the job's alert phases folded
 * into four colours. A flapping alert counts as firing (it keeps crossing the threshold); the end
 * of flapping, a resolution and OK are all OK until the next transition says otherwise.
 */
public enum AlertLevel {
  OK,
  PENDING,
  STALE,
  FIRING;

  public static AlertLevel ofPhase(String phase) {
    return switch (phase) {
      case "FIRING", "FLAPPING" -> FIRING;
      case "PENDING" -> PENDING;
      case "STALE" -> STALE;
      default -> OK;
    };
  }

  public AlertLevel worse(AlertLevel other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
