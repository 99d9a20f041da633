package io.plantwatch.view.fleet;

import java.util.Comparator;

/** A machine as the pipeline names it: free-text site, line and machine, kept exactly as sent. */
public record MachineId(String site, String line, String machine) implements Comparable<MachineId> {
  private static final Comparator<MachineId> ORDER =
      Comparator.comparing(MachineId::site)
          .thenComparing(MachineId::line)
          .thenComparing(MachineId::machine);

  @Override
  public int compareTo(MachineId o) {
    return ORDER.compare(this, o);
  }
}
