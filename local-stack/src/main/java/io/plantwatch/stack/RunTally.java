package io.plantwatch.stack;

import io.plantwatch.analytics.AnalyticsJob;
import io.plantwatch.analytics.monitoring.JobProgressListener;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.telemetry.ReasonCode;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What one run did, from each component's own counters, taken once the devices have stopped and the
 * chain has drained: so the figures of one stage can be checked against the next.
 *
 * @param published readings the site broker acknowledged to the devices
 * @param gatewayTaken readings the gateway checked and queued on disk
 * @param gatewayQuarantined readings or payloads the gateway refused, with a reason
 * @param gatewayQueued readings still on the gateway's disk at the end
 * @param inKafka records this run added to {@code telemetry.readings}
 * @param inWindows records the first windows query read (duplicates included, dropped there)
 * @param late readings behind the watermark, counted and dropped
 * @param rejected records this run added to {@code telemetry.rejected}
 * @param windowsWritten window values the job emitted to the sink (each update of a window counts)
 * @param alerts alert transitions this run added to {@code maintenance.alerts}
 * @param mails alert mails in the outbox folder (waiting and sent), all runs
 */
record RunTally(
    long published,
    long gatewayTaken,
    long gatewayQuarantined,
    long gatewayQueued,
    long inKafka,
    long inWindows,
    long late,
    long rejected,
    long windowsWritten,
    long alerts,
    long mails) {

  static RunTally of(LocalStack stack) {
    var gw = stack.gateway();
    long quarantined = 0;
    if (gw != null) {
      for (ReasonCode r : ReasonCode.values()) {
        quarantined += (long) gw.metrics().rejectsTotal(r);
      }
    }
    JobProgressListener progress = stack.job() == null ? null : stack.job().progress();
    long rows = 0;
    long late = 0;
    long written = 0;
    if (progress != null) {
      JobProgressListener.Totals windows = progress.totals(AnalyticsJob.WINDOWS_QUERY);
      rows = windows.inputRows();
      late = windows.lateRowsDropped();
      written = windows.windowsUpdated();
    }
    return new RunTally(
        stack.readingsSent(),
        gw == null ? 0 : (long) gw.metrics().readingsQueuedTotal(),
        quarantined,
        gw == null ? 0 : gw.queue().readingCount(),
        stack.recordsAddedThisRun(KafkaTopics.READINGS),
        rows,
        late,
        stack.recordsAddedThisRun(KafkaTopics.REJECTED),
        written,
        stack.recordsAddedThisRun(KafkaTopics.ALERTS),
        OutboxMails.newestFirst(stack.settings().outbox()).size());
  }

  /** True once nothing is on its way: the gateway's queue is empty and the job has read Kafka. */
  boolean drained() {
    return gatewayQueued == 0 && inWindows >= inKafka;
  }

  void print(PrintStream out) {
    out.println("plantwatch: this run's tally");
    line(out, "readings published by the devices", published, "");
    line(
        out,
        "taken in by the gateway",
        gatewayTaken,
        gatewayQuarantined > 0 ? "(" + gatewayQuarantined + " quarantined with a reason)" : "");
    line(
        out,
        "in Kafka (telemetry.readings)",
        inKafka,
        gatewayQueued > 0
            ? "(" + gatewayQueued + " still queued at the gateway, sent next run)"
            : "");
    line(
        out,
        "read into the windows",
        inWindows,
        late > 0 ? "(" + late + " late, counted and dropped)" : "");
    line(out, "rejected (telemetry.rejected)", rejected, "");
    line(out, "window values written", windowsWritten, "");
    line(out, "alert transitions", alerts, "(" + mails + " mail(s) in the outbox)");
    if (published > 0 && published == gatewayTaken + gatewayQuarantined && drained()) {
      out.println("  every published reading was taken in, reached Kafka and was read by the job");
    }
  }

  private static void line(PrintStream out, String what, long n, String note) {
    out.println(String.format(Locale.ROOT, "  %-36s %,12d  %s", what, n, note).stripTrailing());
  }
}
