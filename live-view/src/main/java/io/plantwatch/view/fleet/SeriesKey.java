package io.plantwatch.view.fleet;

import java.util.Comparator;

/** One metric of one machine under one window spec: the key of {@code telemetry.windows}. */
public record SeriesKey(MachineId machine, String metric, String window)
    implements Comparable<SeriesKey> {
  private static final Comparator<SeriesKey> ORDER =
      Comparator.comparing(SeriesKey::machine)
          .thenComparing(SeriesKey::metric)
          .thenComparing(SeriesKey::window);

  @Override
  public int compareTo(SeriesKey o) {
    return ORDER.compare(this, o);
  }
}
