package io.plantwatch.devices.replay;

import java.util.ArrayList;
import java.util.List;

/** A set of engine units written like {@code 1-10,17}; empty means all. */
record UnitSelection(List<int[]> ranges) {
  static UnitSelection parse(String text) {
    List<int[]> ranges = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        String p = part.strip();
        try {
          int dash = p.indexOf('-');
          if (dash > 0) {
            ranges.add(
                new int[] {
                  Integer.parseInt(p.substring(0, dash)), Integer.parseInt(p.substring(dash + 1))
                });
          } else {
            int u = Integer.parseInt(p);
            ranges.add(new int[] {u, u});
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--units: '" + p + "' is not a unit or a range like 1-10");
        }
      }
    }
    return new UnitSelection(ranges);
  }

  boolean contains(int unit) {
    if (ranges.isEmpty()) {
      return true;
    }
    for (int[] r : ranges) {
      if (unit >= r[0] && unit <= r[1]) {
        return true;
      }
    }
    return false;
  }
}
