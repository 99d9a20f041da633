package io.plantwatch.analytics.monitoring;

import io.plantwatch.analytics.rejects.RejectedRecords;
import io.plantwatch.analytics.windows.WindowStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per micro-batch and keeps, per query, the last batch's figures and running totals,
 * for people (the log) and for code (the benchmark, tests, a future metrics endpoint). Readings
 * dropped behind the watermark come from Spark's own count in each stateful operator's progress;
 * rejected rows from the rejects query's observed metric.
 */
public final class JobProgressListener extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(JobProgressListener.class);

  /**
   * Running totals of one query since this listener was registered; {@code minHeadroomMs} is the
   * closest any reading came to the watermark ({@link BatchFigures#headroomMs}).
   */
  public record Totals(
      long batches,
      long inputRows,
      long lateRowsDropped,
      long rejectedRows,
      long windowsUpdated,
      long minHeadroomMs) {
    Totals plus(BatchFigures f) {
      return new Totals(
          batches + 1,
          inputRows + f.inputRows(),
          lateRowsDropped + f.lateRowsDropped(),
          rejectedRows + f.rejectedRows(),
          windowsUpdated + f.windowsUpdated(),
          Math.min(minHeadroomMs, f.headroomMs()));
    }
  }

  private static final Totals NONE = new Totals(0, 0, 0, 0, 0, BatchFigures.NO_HEADROOM);

  private final Map<String, BatchFigures> last = new ConcurrentHashMap<>();
  private final Map<String, Totals> totals = new ConcurrentHashMap<>();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    LOG.info("query {} started (id {}, run {})", event.name(), event.id(), event.runId());
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    BatchFigures f = figuresOf(event.progress());
    last.put(f.query(), f);
    totals.merge(f.query(), NONE.plus(f), (a, b) -> a.plus(f));
    LOG.info(f.describe());
    // Spark's whole report (time per phase, per state operator, per source) for whoever needs to
    // know where a batch's time went.
    LOG.debug("query={} batch={} progress {}", f.query(), f.batchId(), event.progress().json());
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      LOG.error("query {} failed: {}", event.id(), event.exception().get());
    } else {
      LOG.info("query {} stopped", event.id());
    }
  }

  /** The last batch of {@code query}, or null before its first. */
  public BatchFigures last(String query) {
    return last.get(query);
  }

  public Totals totals(String query) {
    return totals.getOrDefault(query, NONE);
  }

  static BatchFigures figuresOf(StreamingQueryProgress p) {
    long stateRows = 0;
    long stateMemory = 0;
    long late = 0;
    long windowsUpdated = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      stateRows += op.numRowsTotal();
      stateMemory += op.memoryUsedBytes();
      late += op.numRowsDroppedByWatermark();
    }
    long rejected = 0;
    Row observed = p.observedMetrics().get(RejectedRecords.OBSERVATION);
    if (observed != null) {
      rejected = observed.<Long>getAs("rows");
    }
    Row windows = p.observedMetrics().get(WindowStats.OBSERVATION);
    if (windows != null) {
      windowsUpdated = windows.<Long>getAs("rows");
    }
    Long duration = p.durationMs().get("triggerExecution");
    String watermark = p.eventTime().get("watermark");
    return new BatchFigures(
        p.name() == null ? String.valueOf(p.id()) : p.name(),
        p.batchId(),
        p.numInputRows(),
        finite(p.inputRowsPerSecond()),
        finite(p.processedRowsPerSecond()),
        duration == null ? 0 : duration,
        watermark,
        stateRows,
        stateMemory,
        late,
        rejected,
        windowsUpdated,
        headroom(p.eventTime().get("min"), watermark));
  }

  /**
   * Spark reports the earliest event time among a batch's rows before any is dropped, and the
   * watermark the batch ran under: their distance says how close the batch came to losing readings.
   */
  static long headroom(String min, String watermark) {
    if (min == null || watermark == null) {
      return BatchFigures.NO_HEADROOM;
    }
    long w = java.time.Instant.parse(watermark).toEpochMilli();
    // Before the first watermark Spark reports the epoch: nothing can be late yet. A rejected
    // record has no event time, which Spark's statistics count as the epoch: its batch's earliest
    // reading is then unknown.
    long earliest = java.time.Instant.parse(min).toEpochMilli();
    if (w == 0 || earliest == 0) {
      return BatchFigures.NO_HEADROOM;
    }
    return earliest - w;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
