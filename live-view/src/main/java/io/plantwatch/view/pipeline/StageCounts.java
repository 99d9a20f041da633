package io.plantwatch.view.pipeline;

import java.util.List;

/**
 * One reading of the pipeline's counters: each stage's running total (readings, records or windows,
 * in flow order) and facts that are not totals (queue depth, watermark, lag).
 */
public record StageCounts(long atMillis, List<Stage> stages, List<Fact> facts) {
  /** A running total; -1 when the stage cannot be read now. */
  public record Stage(String name, String unit, long total) {}

  public record Fact(String name, String value) {}
}
