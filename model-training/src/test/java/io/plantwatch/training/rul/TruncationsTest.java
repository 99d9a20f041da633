package io.plantwatch.training.rul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TruncationsTest {
  @Test
  void eachDrawCutsEveryUnitOnceAsATestSplitIsCut() throws Exception {
    // FD001's real units: 128 to 362 cycles
    Map<Integer, Integer> last = new LinkedHashMap<>();
    CmapssData.read(java.nio.file.Path.of("../testdata/cmapss/train_FD001.txt"))
        .forEach((unit, t) -> last.put(unit, t.lastCycle()));
    Random random = new Random(1);
    double sum = 0;
    int points = 0;
    int[] min = {Integer.MAX_VALUE};
    int[] max = {0};
    for (int d = 0; d < 200; d++) {
      List<Truncations.Cut> cuts = Truncations.draw(last, random);
      assertThat(cuts).extracting(Truncations.Cut::unit).containsExactlyElementsOf(last.keySet());
      for (Truncations.Cut c : cuts) {
        assertThat(c.rul()).isEqualTo(last.get(c.unit()) - c.cycle());
        assertThat(c.rul()).isBetween(Truncations.MIN_RUL, Truncations.MAX_RUL);
        assertThat(c.cycle()).isGreaterThanOrEqualTo(Truncations.MIN_HISTORY);
        sum += c.rul();
        points++;
        min[0] = Math.min(min[0], c.rul());
        max[0] = Math.max(max[0], c.rul());
      }
    }
    // spread over the whole 5-150 range, centred as FD001's test RUL (mean 75.5) is
    assertThat(min[0]).isEqualTo(Truncations.MIN_RUL);
    assertThat(max[0]).isEqualTo(Truncations.MAX_RUL);
    assertThat(sum / points).isCloseTo(75.5, within(4.0));
  }

  @Test
  void aShortUnitIsCutWithinWhatItHas() {
    List<Truncations.Cut> cuts = Truncations.draw(Map.of(1, 40), new Random(2));
    assertThat(cuts.get(0).cycle()).isBetween(1, 39);
    assertThat(cuts.get(0).rul()).isBetween(1, Truncations.MIN_RUL + 4);
  }
}
