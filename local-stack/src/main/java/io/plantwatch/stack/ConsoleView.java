package io.plantwatch.stack;

import io.plantwatch.analytics.windows.WindowSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live view printed every few seconds: readings per second through each stage, the queues
 * between them, the newest windows of the busiest machines, and alerts.
 */
final class ConsoleView {
  private final LocalStack stack;
  private final PrintStream out;
  private final WindowSpec firstSpec;
  private PipelineFigures previous;

  ConsoleView(LocalStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
    this.firstSpec = WindowSpec.parseList(stack.settings().windows()).get(0);
  }

  /** On a terminal the view redraws in place; piped to a file it is a plain log. */
  private static final boolean TERMINAL =
      System.console() != null && !"dumb".equals(System.getenv("TERM"));

  private static final int MACHINES_SHOWN = 12;

  void print() {
    PipelineFigures now = PipelineFigures.of(stack, firstSpec);
    PipelineFigures before = previous;
    double seconds = before == null ? 0 : Math.max(1e-3, (now.atNanos() - before.atNanos()) / 1e9);
    StringBuilder b = new StringBuilder();
    if (TERMINAL) {
      b.append("\033[H\033[2J");
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%n── plantwatch %s ──%n",
            Instant.now().toString().substring(0, 19) + "Z"));
    b.append(
        String.format(
            Locale.ROOT, "%-26s %12s %10s   %s%n", "stage", "readings", "per s", "queue / state"));
    row(
        b,
        "devices → site broker",
        now.devicesSent(),
        before,
        PipelineFigures::devicesSent,
        seconds,
        "");
    row(
        b,
        "gateway intake (disk)",
        now.gatewayQueued(),
        before,
        PipelineFigures::gatewayQueued,
        seconds,
        "queued on disk " + now.gatewayQueueDepth());
    row(
        b,
        "gateway → uplink broker",
        now.gatewayForwarded(),
        before,
        PipelineFigures::gatewayForwarded,
        seconds,
        "resent " + now.gatewayResent());
    row(
        b,
        "connector → Kafka",
        now.connectorReadings(),
        before,
        PipelineFigures::connectorReadings,
        seconds,
        "readings; also "
            + now.connectorStatuses()
            + " gateway status record(s); hand-off "
            + now.connectorHandoff()
            + ", "
            + stack.connect().state());
    row(
        b,
        "Spark windows " + firstSpec.label(),
        now.jobRows(),
        before,
        PipelineFigures::jobRows,
        seconds,
        "watermark " + now.watermark() + ", late " + now.jobLate());
    if (stack.influxd() != null) {
      try {
        InfluxdLatest.refresh(stack.influxd(), firstSpec.label(), stack.latest());
      } catch (IOException e) {
        b.append("influxd not answering: ").append(e.getMessage()).append('\n');
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      row(
          b,
          "window values → influxd",
          now.windowsWritten(),
          before,
          PipelineFigures::windowsWritten,
          seconds,
          stack.influxd().url() + " database " + InfluxdProcess.DATABASE);
    } else if (now.sinkPoints() >= 0) {
      row(
          b,
          "points → file",
          now.sinkPoints(),
          before,
          PipelineFigures::sinkPoints,
          seconds,
          stack.settings().pointsFile().toString());
    } else {
      b.append(String.format(Locale.ROOT, "%-26s %s%n", "points → InfluxDB", stack.influx().url()));
    }
    machines(b);
    b.append(alerts()).append('\n');
    out.print(b);
    out.flush();
    previous = now;
  }

  /** Every machine (up to a screenful), the worst alert state first, then the busiest. */
  private void machines(StringBuilder b) {
    List<LatestWindows.Machine> all = new ArrayList<>(stack.latest().all());
    if (all.isEmpty()) {
      b.append("machines: no window yet (the first closes one slide after data arrives)\n");
      return;
    }
    AlertStates states = stack.alertStates();
    all.sort(
        java.util.Comparator.comparingInt(
            (LatestWindows.Machine m) ->
                AlertStates.rank(states == null ? "OK" : states.worstOf(m.name()))));
    b.append(
        String.format(Locale.ROOT, "machines, newest %s window (avg/max):%n", firstSpec.label()));
    for (LatestWindows.Machine m : all.subList(0, Math.min(MACHINES_SHOWN, all.size()))) {
      String state = states == null ? "OK" : states.worstOf(m.name());
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "  %-8s %-14s", state, m.name()));
      for (Map.Entry<String, double[]> e : m.metrics().entrySet()) {
        double[] w = e.getValue();
        line.append(String.format(Locale.ROOT, " %s=%.2f/%.2f", e.getKey(), w[1], w[3]));
      }
      b.append(line).append('\n');
    }
    if (all.size() > MACHINES_SHOWN) {
      b.append("  ... and ").append(all.size() - MACHINES_SHOWN).append(" more\n");
    }
  }

  private static void row(
      StringBuilder b,
      String stage,
      long now,
      PipelineFigures before,
      java.util.function.ToLongFunction<PipelineFigures> figure,
      double seconds,
      String note) {
    // The first view has nothing to compare with: no rate rather than a misleading 0/s.
    String rate =
        before == null
            ? "-"
            : String.format(
                Locale.ROOT, "%.1f", Math.max(0, now - figure.applyAsLong(before)) / seconds);
    b.append(String.format(Locale.ROOT, "%-26s %12d %10s   %s%n", stage, now, rate, note));
  }

  /** The Subject header of an .eml file, unfolded (RFC 2047 encoded words left as they are). */
  private static String subject(java.nio.file.Path eml) {
    try {
      List<String> lines = Files.readAllLines(eml, java.nio.charset.StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size() && !lines.get(i).isEmpty(); i++) {
        if (lines.get(i).startsWith("Subject: ")) {
          StringBuilder b = new StringBuilder(lines.get(i).substring("Subject: ".length()));
          // A long header continues on lines that start with white space.
          for (int k = i + 1;
              k < lines.size()
                  && !lines.get(k).isEmpty()
                  && Character.isWhitespace(lines.get(k).charAt(0));
              k++) {
            b.append(' ').append(lines.get(k).strip());
          }
          return b.toString();
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // The file name says which mail it is.
    }
    return eml.getFileName().toString();
  }

  private String alerts() {
    java.nio.file.Path outbox = stack.settings().outbox();
    if (!Files.isDirectory(outbox)) {
      return "alerts: none yet (rules judge a window once the 1 min alert watermark passes its end)";
    }
    List<java.nio.file.Path> mails;
    try {
      mails = OutboxMails.newestFirst(outbox);
    } catch (java.io.UncheckedIOException e) {
      return "alerts: " + e.getMessage();
    }
    StringBuilder b = new StringBuilder();
    AlertStates states = stack.alertStates();
    List<AlertStates.State> active = states == null ? List.of() : states.active();
    b.append("alerts: ")
        .append(active.isEmpty() ? "none active" : active.size() + " active")
        .append(", ")
        .append(mails.size())
        .append(" mail(s) in ")
        .append(outbox);
    for (AlertStates.State a : active.subList(0, Math.min(5, active.size()))) {
      b.append(
          String.format(
              Locale.ROOT, "%n  %-8s %s on %s: %s", a.state(), a.rule(), a.machine(), a.message()));
    }
    if (active.isEmpty()) {
      for (java.nio.file.Path m : mails.subList(0, Math.min(3, mails.size()))) {
        b.append("\n  ").append(subject(m));
      }
    }
    return b.toString();
  }
}
