package io.plantwatch.stack;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.monitoring.BatchFigures;
import io.plantwatch.analytics.monitoring.JobProgressListener;
import io.plantwatch.analytics.windows.WindowSpec;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** One reading of every stage's counters, taken at one moment. */
record PipelineFigures(
    long atNanos,
    long devicesSent,
    long gatewayQueued,
    long gatewayForwarded,
    long gatewayResent,
    long gatewayQueueDepth,
    long connectorReadings,
    long connectorStatuses,
    long connectorHandoff,
    long jobRows,
    long jobLate,
    String watermark,
    long sinkPoints,
    long windowsWritten) {

  static PipelineFigures of(LocalStack stack, WindowSpec firstSpec) {
    var gw = stack.gateway();
    long queued = gw == null ? 0 : (long) gw.metrics().readingsQueuedTotal();
    long forwarded = gw == null ? 0 : (long) gw.metrics().readingsForwardedTotal();
    long resent = gw == null ? 0 : (long) gw.metrics().readingsResentTotal();
    long depth = gw == null ? 0 : gw.queue().readingCount();
    long rows = 0;
    long late = 0;
    long written = 0;
    String watermark = "-";
    if (stack.job() != null && firstSpec != null) {
      JobProgressListener progress = stack.job().progress();
      String query = AnalyticsJob.WINDOWS_QUERY;
      rows = progress.totals(query).inputRows();
      late = progress.totals(query).lateRowsDropped();
      written = progress.totals(query).windowsUpdated();
      BatchFigures last = progress.last(query);
      // Before the first reading Spark reports the epoch: no watermark yet.
      if (last != null && last.watermark() != null && !last.watermark().startsWith("1970-")) {
        watermark = last.watermark();
      }
    }
    return new PipelineFigures(
        System.nanoTime(),
        stack.readingsSent(),
        queued,
        forwarded,
        resent,
        depth,
        connectorSum("records-produced-total"),
        connectorSum("status-records-total"),
        connectorSum("handoff-queue-depth"),
        rows,
        late,
        watermark,
        stack.fileSink() == null ? -1 : stack.fileSink().points(),
        written);
  }

  /** The sum over the connector's tasks of one of its JMX counters. */
  static long connectorSum(String attribute) {
    MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    double sum = 0;
    try {
      for (ObjectName n :
          mbs.queryNames(
              new ObjectName(
                  "plantwatch.ingest:type=mqtt-source-task-metrics,connector="
                      + ConnectWorker.CONNECTOR
                      + ",task=*"),
              null)) {
        Object v = mbs.getAttribute(n, attribute);
        if (v instanceof Number num && Double.isFinite(num.doubleValue())) {
          sum += num.doubleValue();
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return (long) sum;
  }
}
