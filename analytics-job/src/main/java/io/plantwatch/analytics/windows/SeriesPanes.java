package io.plantwatch.analytics.windows;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The state of one series (site, line, machine, metric) between micro-batches: its readings folded
 * into panes, ascending by start. A pane is a stretch of event time as long as the greatest common
 * divisor of every window spec's length and slide, so that each window of each spec is exactly a
 * run of whole panes and a reading updates one pane, not every window it falls in. Parallel arrays
 * (a bean Spark encodes column by column) keep the state row small.
 *
 * <p>The series' clean-up timer, when the state says where it is, travels in the same row as an
 * entry before the panes whose start is {@link #TIMER_ENTRY} and whose count is the timer's time:
 * one more field of the bean would change the state's schema, which a checkpoint written before
 * cannot be read with. A row without that entry (written before, or for a series the alert rules
 * read) has its timer where the last of its panes closes.
 *
 * <p>With {@code plantwatch.windows.emitEvery}, the changes held back travel the same way: an entry
 * whose start is {@link #HELD_ENTRY} holds when the series' windows were last written (its count)
 * and the first and last pane changed since (its sum and max; NaN for none). Such an entry comes
 * after the timer's, before the panes.
 */
public final class SeriesPanes implements Serializable {
  private static final long serialVersionUID = 1L;

  private long[] starts = new long[0];
  private long[] counts = new long[0];
  private double[] sums = new double[0];
  private double[] maxs = new double[0];
  private double[] mins = new double[0];
  private String[] units = new String[0];
  private String[] gateways = new String[0];

  /** The start of the entry that holds the clean-up timer: no pane starts there. */
  static final long TIMER_ENTRY = Long.MIN_VALUE;

  /** What {@link #timer} returns when the row does not say. */
  static final long NO_TIMER = Long.MIN_VALUE;

  /** The start of the entry that holds the changes held back: no pane starts there. */
  static final long HELD_ENTRY = Long.MIN_VALUE + 1;

  public SeriesPanes() {}

  /** The panes in a working form, ascending by start. */
  Pane[] panes() {
    int first = firstPane();
    Pane[] out = new Pane[starts.length - first];
    for (int i = first; i < starts.length; i++) {
      out[i - first] =
          new Pane(starts[i], counts[i], sums[i], maxs[i], mins[i], units[i], gateways[i]);
    }
    return out;
  }

  /** The time of the series' clean-up timer, or {@link #NO_TIMER} when the row does not say. */
  long timer() {
    return hasTimer() ? counts[0] : NO_TIMER;
  }

  /** What the row says of the series' writes held back; {@link Held#NONE} when nothing. */
  Held held() {
    int i = hasTimer() ? 1 : 0;
    if (starts.length <= i || starts[i] != HELD_ENTRY) {
      return Held.NONE;
    }
    return Double.isNaN(sums[i])
        ? new Held(counts[i], Held.NO_PANE, Held.NO_PANE)
        : new Held(counts[i], (long) sums[i], (long) maxs[i]);
  }

  private boolean hasTimer() {
    return starts.length > 0 && starts[0] == TIMER_ENTRY;
  }

  private int firstPane() {
    int i = hasTimer() ? 1 : 0;
    return starts.length > i && starts[i] == HELD_ENTRY ? i + 1 : i;
  }

  /** Holds {@code panes} (ascending by start) and, unless {@link #NO_TIMER}, the timer's time. */
  static SeriesPanes of(java.util.Collection<Pane> panes, long timer) {
    return of(panes, timer, Held.NONE);
  }

  /** As {@link #of(java.util.Collection, long)}, and the writes held back unless none. */
  static SeriesPanes of(java.util.Collection<Pane> panes, long timer, Held held) {
    SeriesPanes s = new SeriesPanes();
    int n = panes.size() + (timer == NO_TIMER ? 0 : 1) + (Held.NONE.equals(held) ? 0 : 1);
    s.starts = new long[n];
    s.counts = new long[n];
    s.sums = new double[n];
    s.maxs = new double[n];
    s.mins = new double[n];
    s.units = new String[n];
    s.gateways = new String[n];
    int i = 0;
    if (timer != NO_TIMER) {
      s.starts[0] = TIMER_ENTRY;
      s.counts[0] = timer;
      i = 1;
    }
    if (!Held.NONE.equals(held)) {
      s.starts[i] = HELD_ENTRY;
      s.counts[i] = held.writtenAt();
      s.sums[i] = held.holds() ? held.from() : Double.NaN;
      s.maxs[i] = held.holds() ? held.to() : Double.NaN;
      s.mins[i] = Double.NaN;
      i++;
    }
    for (Pane p : panes) {
      s.starts[i] = p.start;
      s.counts[i] = p.count;
      s.sums[i] = p.sum;
      s.maxs[i] = p.max;
      s.mins[i] = p.min;
      s.units[i] = p.unit;
      s.gateways[i] = p.gateway;
      i++;
    }
    return s;
  }

  // Bean accessors: Spark's bean encoder reads and writes the state through them.
  public long[] getStarts() {
    return starts;
  }

  public void setStarts(long[] starts) {
    this.starts = starts;
  }

  public long[] getCounts() {
    return counts;
  }

  public void setCounts(long[] counts) {
    this.counts = counts;
  }

  public double[] getSums() {
    return sums;
  }

  public void setSums(double[] sums) {
    this.sums = sums;
  }

  public double[] getMaxs() {
    return maxs;
  }

  public void setMaxs(double[] maxs) {
    this.maxs = maxs;
  }

  public double[] getMins() {
    return mins;
  }

  public void setMins(double[] mins) {
    this.mins = mins;
  }

  public String[] getUnits() {
    return units;
  }

  public void setUnits(String[] units) {
    this.units = units;
  }

  public String[] getGateways() {
    return gateways;
  }

  public void setGateways(String[] gateways) {
    this.gateways = gateways;
  }

  @Override
  public String toString() {
    return "SeriesPanes" + Arrays.toString(starts);
  }

  /**
   * A series' writes held back by {@code plantwatch.windows.emitEvery}: when its windows were last
   * written (the batch's time), and the first and last pane changed since ({@link #NO_PANE} when
   * none). Pane starts are epoch milliseconds, exact in a double.
   */
  record Held(long writtenAt, long from, long to) {
    static final long NO_PANE = Long.MIN_VALUE;
    static final Held NONE = new Held(Long.MIN_VALUE, NO_PANE, NO_PANE);

    boolean holds() {
      return from != NO_PANE;
    }
  }

  /**
   * One pane: count, sum, max and min of its readings' values, and the greatest unit and gateway.
   */
  static final class Pane {
    final long start;
    long count;
    double sum;
    double max;
    double min;
    String unit;
    String gateway;

    Pane(long start) {
      this(start, 0, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null, null);
    }

    Pane(long start, long count, double sum, double max, double min, String unit, String gateway) {
      this.start = start;
      this.count = count;
      this.sum = sum;
      this.max = max;
      this.min = min;
      this.unit = unit;
      this.gateway = gateway;
    }

    void merge(Pane p) {
      count += p.count;
      sum += p.sum;
      max = Math.max(max, p.max);
      min = Math.min(min, p.min);
      unit = Greatest.of(unit, p.unit);
      gateway = Greatest.of(gateway, p.gateway);
    }

    void add(double value, String unit, String gateway) {
      count++;
      sum += value;
      max = Math.max(max, value);
      min = Math.min(min, value);
      this.unit = Greatest.of(this.unit, unit);
      this.gateway = Greatest.of(this.gateway, gateway);
    }
  }
}
