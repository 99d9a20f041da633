package io.plantwatch.analytics.it;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The golden readings of one site, in three phases sent one after another (each processed before
 * the next), with a 10-minute watermark:
 *
 * <ol>
 *   <li>A: six series (3 machines × 2 metrics), one reading every 20 s over 08:00–08:08, shuffled,
 *       with repeats.
 *   <li>B: the same series over 10:00–10:08, shuffled, with repeats. The watermark moves to 09:58.
 *   <li>C: readings behind the watermark (new ids at 08:01–08:07 and repeats of phase A), repeats
 *       of phase B still within the watermark, and new readings over 10:03–10:09 that arrive after
 *       later ones of phase B.
 * </ol>
 *
 * Every event time is minutes away from any watermark the phases can produce, however Kafka and
 * {@code maxOffsetsPerTrigger} cut a phase into micro-batches, so which readings are late does not
 * depend on batching.
 */
final class Scenario {
  static final long T0 = Instant.parse("2024-06-03T08:00:00Z").toEpochMilli();
  static final long SECOND = 1000;
  static final long MINUTE = 60 * SECOND;
  static final long WATERMARK = 10 * MINUTE;

  final List<ReferenceWindows.In> phaseA;
  final List<ReferenceWindows.In> phaseB;
  final List<ReferenceWindows.In> phaseC;

  Scenario(String site, long seed) {
    Random random = new Random(seed);
    String[][] machines = {{"L1", "press-1"}, {"L1", "press-2"}, {"L2", "mill-1"}};
    String[] metrics = {"temperature", "vibration"};
    double[] bases = {60, 2};
    List<ReferenceWindows.In> a = new ArrayList<>();
    List<ReferenceWindows.In> b = new ArrayList<>();
    List<ReferenceWindows.In> late = new ArrayList<>();
    List<ReferenceWindows.In> c = new ArrayList<>();
    for (String[] m : machines) {
      for (int i = 0; i < metrics.length; i++) {
        String prefix = site + "/" + m[1] + "/" + metrics[i];
        a.addAll(
            Readings.series(
                prefix + "/a",
                site,
                m[0],
                m[1],
                metrics[i],
                bases[i],
                T0,
                T0 + 8 * MINUTE,
                20 * SECOND,
                random));
        b.addAll(
            Readings.series(
                prefix + "/b",
                site,
                m[0],
                m[1],
                metrics[i],
                bases[i],
                T0 + 120 * MINUTE,
                T0 + 128 * MINUTE,
                20 * SECOND,
                random));
        late.addAll(
            Readings.series(
                prefix + "/late",
                site,
                m[0],
                m[1],
                metrics[i],
                bases[i],
                T0 + MINUTE,
                T0 + 7 * MINUTE,
                3 * MINUTE,
                random));
        c.addAll(
            Readings.series(
                prefix + "/c",
                site,
                m[0],
                m[1],
                metrics[i],
                bases[i],
                T0 + 123 * MINUTE + 10 * SECOND,
                T0 + 129 * MINUTE,
                40 * SECOND,
                random));
      }
    }
    phaseA = Readings.outOfOrderWithDuplicates(a, 15, random);
    phaseB = Readings.outOfOrderWithDuplicates(b, 15, random);
    List<ReferenceWindows.In> third = new ArrayList<>(c);
    third.addAll(late);
    for (int i = 0; i < 6; i++) {
      third.add(a.get(random.nextInt(a.size())));
    }
    for (int i = 0; i < 10; i++) {
      third.add(b.get(random.nextInt(b.size())));
    }
    phaseC = Readings.outOfOrderWithDuplicates(third, 0, random);
  }

  List<List<ReferenceWindows.In>> phases() {
    return List.of(phaseA, phaseB, phaseC);
  }
}
