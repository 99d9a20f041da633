package io.plantwatch.training.rul;

import java.util.Set;
import java.util.TreeSet;

/** Engine units written {@code 1-70} or {@code 1-10,17,20-25}. */
public record UnitRange(String text, Set<Integer> units) {

  public static UnitRange parse(String text) {
    TreeSet<Integer> units = new TreeSet<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      try {
        int dash = p.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
        if (from < 1 || to < from) {
          throw new IllegalArgumentException("'" + p + "' is not a range of units like 81-100");
        }
        for (int u = from; u <= to; u++) {
          units.add(u);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + p + "' is not a unit number or range like 81-100");
      }
    }
    if (units.isEmpty()) {
      throw new IllegalArgumentException("no units in '" + text + "'");
    }
    return new UnitRange(text, Set.copyOf(units));
  }

  /** Exactly {@code units}, e.g. the units of one fold. */
  public static UnitRange of(java.util.Collection<Integer> units) {
    TreeSet<Integer> sorted = new TreeSet<>(units);
    StringBuilder text = new StringBuilder();
    Integer from = null;
    Integer to = null;
    for (int u : sorted) {
      if (to != null && u == to + 1) {
        to = u;
        continue;
      }
      append(text, from, to);
      from = u;
      to = u;
    }
    append(text, from, to);
    return new UnitRange(text.toString(), Set.copyOf(sorted));
  }

  private static void append(StringBuilder text, Integer from, Integer to) {
    if (from == null) {
      return;
    }
    if (text.length() > 0) {
      text.append(',');
    }
    text.append(from.equals(to) ? from.toString() : from + "-" + to);
  }

  public boolean contains(int unit) {
    return units.contains(unit);
  }

  @Override
  public String toString() {
    return text;
  }
}
