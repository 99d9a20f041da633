package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.JobConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkCeilingTest {
  private static JobConfig job(String... keysAndValues) {
    Map<String, String> c = new HashMap<>();
    c.put(JobConfig.CHECKPOINT.name(), "/cp");
    c.put(JobConfig.WINDOWS.name(), "1m/10s");
    c.put(JobConfig.WATERMARK.name(), "2m");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      c.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return JobConfig.from(c);
  }

  @Test
  void theDefaultPrefillFillsTheStateAndAddsAMinute() {
    // 1 min of window + 2 min of watermark + 1 min, 20,000 series at one reading a second.
    assertThat(SparkCeiling.prefillFor(job(), 1000, 20)).isEqualTo(4_800_000);
    // The longest of several windows decides.
    assertThat(SparkCeiling.prefillFor(job(JobConfig.WINDOWS.name(), "1m/10s,5m/1m"), 1000, 20))
        .isEqualTo(20_000L * (300 + 120 + 60));
  }

  @Test
  void aLargerBatchOrFewerSeriesStillLeaveFourBatchesOnTheFullState() {
    // 100,000 rows a batch over 1,000 series is 100 s of event time each: 400 s for four.
    assertThat(SparkCeiling.prefillFor(job(), 1000, 1)).isEqualTo(1000L * (180 + 400));
    String maxOffsets = JobConfig.KAFKA_MAX_OFFSETS_PER_TRIGGER.name();
    assertThat(SparkCeiling.prefillFor(job(maxOffsets, "1000000"), 1000, 20))
        .isEqualTo(20_000L * (180 + 200));
  }
}
