package io.plantwatch.ingest;

import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.telemetry.UplinkBatch;
import java.util.ArrayList;
import java.util.List;

/** Uplink batches as a gateway would send them, with reading ids {@code {gateway}-{seq}}. */
public final class TestReadings {
  public static final BatchCodec CODEC = new BatchCodec();

  /** Machine names with the characters the design says every layer must carry. */
  public static final List<String> MACHINES =
      List.of("press 7, \"west\" = ü", "lathe-1", "pump/2", "mill #3");

  private TestReadings() {}

  public static Reading reading(String gateway, long seq, String machine) {
    return new Reading(
        Reading.idOf(gateway, seq),
        "site A",
        "line 1",
        machine,
        "temperature",
        "°C",
        20.0 + seq % 50,
        1_732_406_400_000L + seq * 1000,
        gateway,
        1_732_406_400_500L + seq * 1000);
  }

  /**
   * Batch {@code batchNo} of {@code size} readings; reading seq numbers run on from earlier batches
   * and machines take turns, so each machine has an ordered sequence of readings.
   */
  public static UplinkBatch batch(String gateway, long batchNo, int size) {
    List<Reading> readings = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long seq = batchNo * size + i;
      readings.add(reading(gateway, seq, MACHINES.get((int) (seq % MACHINES.size()))));
    }
    return UplinkBatch.of(gateway, batchNo, readings);
  }

  public static byte[] encoded(String gateway, long batchNo, int size) {
    return CODEC.encode(batch(gateway, batchNo, size));
  }

  public static List<String> ids(String gateway, long batches, int size) {
    List<String> ids = new ArrayList<>();
    for (long seq = 0; seq < batches * size; seq++) {
      ids.add(Reading.idOf(gateway, seq));
    }
    return ids;
  }
}
